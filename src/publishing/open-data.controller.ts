import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/index.js';
import { writeRecordsCsv, writeStatusCsv } from './csv-files.js';
import { attachment, CSV } from './exports.controller.js';
import { ExportsService } from './exports.service.js';
import { KEY_FIGURE_CSV_COLUMNS, OpenDataService } from './open-data.service.js';
import { FileErrorFilter } from './publishing-errors.js';
import { PublicAnswers } from './public-answers.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The open data: the DCAT-AP-NO catalogue and its four distributions, public and cached like the pages.
 * The catalogue's links are absolute: from PUBLIC_URL, else from the request's own address, which is then
 * part of the cache key (an answer made for one Host is never served to another).
 */
@Controller('open-data')
@UseFilters(FileErrorFilter)
export class OpenDataController {
  constructor(
    private readonly openData: OpenDataService,
    private readonly exports: ExportsService,
    private readonly answers: PublicAnswers,
  ) {}

  @Public()
  @Get('catalog.jsonld')
  async catalog(@Req() req: Request, @Res() res: Response): Promise<void> {
    const base = this.openData.baseUrl({ protocol: req.protocol, host: req.get('host') });
    const spec = {
      key: `open-data:catalog ${base}`,
      contentType: 'application/ld+json; charset=utf-8',
      compressible: true,
    };
    await this.answers.send(req, res, spec, async () => JSON.stringify(await this.openData.catalog(base)));
  }

  @Public()
  @Get('initiatives.csv')
  async initiativesCsv(@Req() req: Request, @Res() res: Response): Promise<void> {
    const spec = { key: 'open-data:initiatives.csv', contentType: CSV, compressible: true, keepsDisposition: true };
    await this.answers.stream(req, res, spec, async () => {
      const data = await this.exports.statusFile(null, req.ip);
      return {
        disposition: attachment(`initiativer-status-${data.overview.period}.csv`),
        write: (out) => writeStatusCsv(data, out),
      };
    });
  }

  @Public()
  @Get('initiatives.json')
  async initiativesJson(@Req() req: Request, @Res() res: Response): Promise<void> {
    const spec = { key: 'open-data:initiatives.json', contentType: JSON_TYPE, compressible: true };
    await this.answers.send(req, res, spec, async () =>
      JSON.stringify(this.openData.initiativesJson(await this.exports.statusFile(null, req.ip))),
    );
  }

  @Public()
  @Get('key-figures.csv')
  async keyFiguresCsv(@Req() req: Request, @Res() res: Response): Promise<void> {
    const spec = {
      key: 'open-data:key-figures.csv',
      contentType: CSV,
      compressible: true,
      disposition: attachment('nokkeltall.csv'),
    };
    await this.answers.stream(req, res, spec, async () => {
      const rows = this.openData.keyFigureRows((await this.openData.keyFigures()).figures);
      return { write: (out) => writeRecordsCsv(KEY_FIGURE_CSV_COLUMNS, rows, out) };
    });
  }

  @Public()
  @Get('key-figures.json')
  async keyFiguresJson(@Req() req: Request, @Res() res: Response): Promise<void> {
    const spec = { key: 'open-data:key-figures.json', contentType: JSON_TYPE, compressible: true };
    await this.answers.send(req, res, spec, async () =>
      JSON.stringify(this.openData.keyFiguresJson(await this.openData.keyFigures())),
    );
  }
}
