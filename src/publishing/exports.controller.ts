import { osloDay } from '../common/quarter.js';
import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentViewer, Public, Role, Roles, type Viewer } from '../auth/index.js';
import { writeInitiativesCsv, writeStatusCsv } from './csv-files.js';
import { ExportsService } from './exports.service.js';
import { FileErrorFilter } from './publishing-errors.js';
import { AnswerSpec, PublicAnswers } from './public-answers.js';
import { periodParam, requirePeriod } from './route-params.js';
import { writeRoundXlsx, writeStatusXlsx } from './xlsx-files.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV = 'text/csv; charset=utf-8';

/** `attachment; filename="status-2025-Q3.xlsx"`: what the file holds and which quarter. */
export const attachment = (name: string) => `attachment; filename="${name}"`;

const file = (key: string, contentType: string): AnswerSpec => ({
  key,
  contentType,
  compressible: contentType !== XLSX,
  keepsDisposition: true,
});

/**
 * The spreadsheets of the directorate (DESIGN.md, "Exports"): the status of a period as XLSX and CSV and the
 * plan's initiatives as CSV, public and cached like the pages; the round of a period as XLSX for REVIEWER
 * and ADMIN only (401 with `WWW-Authenticate: Bearer` without a token, 403 for other roles). Streamed.
 */
@Controller('export')
@UseFilters(FileErrorFilter)
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly answers: PublicAnswers,
  ) {}

  @Public()
  @Get('status.xlsx')
  statusXlsx(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.sendStatusFile(req, res, 'xlsx');
  }

  @Public()
  @Get('status.csv')
  statusCsv(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.sendStatusFile(req, res, 'csv');
  }

  @Public()
  @Get('initiatives.csv')
  async initiativesCsv(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answers.stream(req, res, file('export:/export/initiatives.csv', CSV), async () => {
      const data = await this.exports.initiativesFile(req.ip);
      return {
        disposition: attachment(`initiativer-${data.overview.period}.csv`),
        write: (out) => writeInitiativesCsv(data, out),
      };
    });
  }

  /** The overview of a quarter (`?period=`) as a file of the given kind. */
  private async sendStatusFile(req: Request, res: Response, kind: 'xlsx' | 'csv'): Promise<void> {
    const period = periodParam(req.query.period);
    const key = `export:/export/status.${kind}?period=${period ?? ''}`;
    await this.answers.stream(req, res, file(key, kind === 'xlsx' ? XLSX : CSV), async () => {
      const data = await this.exports.statusFile(period, req.ip);
      return {
        disposition: attachment(`status-${data.overview.period}.${kind}`),
        write: (out) => (kind === 'xlsx' ? writeStatusXlsx(data, out) : writeStatusCsv(data, out)),
      };
    });
  }

  /** Signed in, so never kept or public (PublicAnswers): the file is made for each request. */
  @Roles(Role.REVIEWER, Role.ADMIN)
  @Get('round.xlsx')
  async roundXlsx(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response): Promise<void> {
    const period = requirePeriod(req.query.period);
    await this.answers.stream(req, res, file(`export:/export/round.xlsx?period=${period}`, XLSX), async () => {
      const data = await this.exports.roundFile(period, viewer, req.ip);
      return {
        disposition: attachment(`rapporteringsrunde-${period}-${osloDay(new Date())}.xlsx`),
        write: (out) => writeRoundXlsx(data, out),
      };
    });
  }
}
