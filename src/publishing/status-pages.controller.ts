import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/index.js';
import { NotFoundError } from '../common/errors/index.js';
import { PageRenderer } from './page-renderer.js';
import { StatusPageErrorFilter } from './publishing-errors.js';
import { AnswerSpec, PublicAnswers } from './public-answers.js';
import { goalNumberParam, periodParam, requirePeriod } from './route-params.js';
import { StatusPagesService } from './status-pages.service.js';

const page = (key: string): AnswerSpec => ({ key, contentType: 'text/html; charset=utf-8', compressible: true });

/**
 * The status pages: HTML in Norwegian, no scripts, public (DESIGN.md, "Publishing"). Each route reads its
 * parameters, asks StatusPagesService for the page's content and PageRenderer for its HTML; PublicAnswers
 * sends it as anonymous GET queries are sent (cached, ETag, 304). Errors are HTML pages too.
 */
@Controller('status')
@UseFilters(StatusPageErrorFilter)
export class StatusPagesController {
  constructor(
    private readonly pages: StatusPagesService,
    private readonly renderer: PageRenderer,
    private readonly answers: PublicAnswers,
  ) {}

  @Public()
  @Get()
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    const period = periodParam(req.query.period);
    await this.answers.send(req, res, page(`page:/status?period=${period ?? ''}`), async () =>
      this.renderer.render('overview', await this.pages.overviewPage(period, req.ip)),
    );
  }

  @Public()
  @Get('style.css')
  async stylesheet(@Req() req: Request, @Res() res: Response): Promise<void> {
    const spec = { key: 'page:/status/style.css', contentType: 'text/css; charset=utf-8', compressible: true };
    await this.answers.send(req, res, spec, async () => this.renderer.stylesheet);
  }

  @Public()
  @Get('mal/:number')
  async goal(@Param('number') number: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const goal = goalNumberParam(number);
    const period = periodParam(req.query.period);
    await this.answers.send(req, res, page(`page:/status/mal/${goal}?period=${period ?? ''}`), async () =>
      this.renderer.render('goal', await this.pages.goalPage(goal, period, req.ip)),
    );
  }

  @Public()
  @Get('tiltak/:code')
  async initiative(@Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const period = periodParam(req.query.period);
    const key = page(`page:/status/tiltak/${encodeURIComponent(code)}?period=${period ?? ''}`);
    await this.answers.send(req, res, key, async () =>
      this.renderer.render('initiative', await this.pages.initiativePage(code, period)),
    );
  }

  @Public()
  @Get('rapport/:period')
  async report(@Param('period') given: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const period = requirePeriod(given);
    await this.answers.send(req, res, page(`page:/status/rapport/${period}`), async () =>
      this.renderer.render('report', await this.pages.reportPage(period, req.ip)),
    );
  }

  /** Any other address under /status is a page that does not exist, answered as one. */
  @Public()
  @Get('*rest')
  unknown(@Req() req: Request): never {
    throw new NotFoundError('Page', req.path);
  }
}
