import { Args, Context, Info, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Public } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { DateTimeScalar, QuarterScalar } from '../common/scalars/index.js';
import { ListSize } from '../hardening/list-size.js';
import { StatusOverview } from '../overview/models/overview.model.js';
import { requestedFields } from '../overview/requested-fields.js';
import { PeriodCounts } from './models/period-counts.model.js';
import { PublishedReportService } from './published-report.service.js';
import { MAX_TIMELINE_QUARTERS } from './round.rules.js';
import { RoundService } from './round.service.js';
import { TimelineService } from './timeline.service.js';

/** The published reports and the timeline: public reads of what the rounds froze and of the plan's history. */
@Resolver(() => StatusOverview)
export class PublishedReportResolver {
  constructor(
    private readonly reports: PublishedReportService,
    private readonly rounds: RoundService,
    private readonly timeline: TimelineService,
  ) {}

  @Public()
  @Query(() => StatusOverview, {
    nullable: true,
    description:
      "The status overview as it stood when the period's reporting round was closed: the report the directorate\npublished for that quarter. Public. Null when the period's round has not been closed. It never changes\nafterwards: an update approved later shows in statusOverview, never here, and later edits of the plan\n(an initiative moved to another goal, a new initiative) do not change which initiatives it lists under\nwhich goal, their shown updates or its counts. What is frozen: which initiatives are listed under which\ngoal and in what order, each one's shown update and status, upToDate, every count and lastPublishedAt.\nWhat stays live: the fields of the Initiative, Goal and Strategy objects themselves (a title edited\nlater shows the new title). strategy defaults as in statusOverview; NOT_FOUND for an unknown strategy;\nnull for a strategy that had no report for the period (created after the close).",
  })
  publishedReport(
    @Args('period', { type: () => QuarterScalar, description: 'From 2000-Q1 to the current quarter' }) period: string,
    @Args('strategy', { type: () => String, nullable: true, description: 'Strategy slug' }) strategy?: string | null,
    @Info() info?: GraphQLResolveInfo,
    @Context() ctx?: RequestContext,
  ): Promise<StatusOverview | null> {
    const projection = info && {
      initiative: requestedFields(info, ['goals', 'initiatives', 'initiative']),
      update: requestedFields(info, ['goals', 'initiatives', 'update']),
    };
    return this.reports.publishedReport(strategy, period, projection, { loaders: ctx?.loaders, client: ctx?.req.ip });
  }

  @Public()
  @Query(() => [QuarterScalar], { description: 'Periods whose round is CLOSED, newest first. Public.' })
  publishedPeriods(): Promise<string[]> {
    return this.rounds.publishedPeriods();
  }

  @Public()
  @ListSize(MAX_TIMELINE_QUARTERS)
  @Query(() => [PeriodCounts], {
    description:
      "The plan's standing at the end of each quarter from `from` to `to`, oldest first: each entry has the\ncounts that statusOverview(strategy, period) gives for that period. to defaults to statusOverview's\ndefault period (the newest quarter with an approved update among the strategy's initiatives, else the\ncurrent quarter); from defaults to the first quarter of the strategy's periodStart, or the 60th quarter\nending at to when that is later. At most 60 quarters and from not after to, else BAD_USER_INPUT. Public.\nA fixed number of SQL statements, whatever the range and the plan's size.",
  })
  statusTimeline(
    @Args('strategy', { type: () => String, nullable: true, description: 'Strategy slug' }) strategy?: string | null,
    @Args('from', { type: () => QuarterScalar, nullable: true }) from?: string | null,
    @Args('to', { type: () => QuarterScalar, nullable: true }) to?: string | null,
  ): Promise<PeriodCounts[]> {
    return this.timeline.statusTimeline(strategy, from, to);
  }

  @ResolveField(() => DateTimeScalar, {
    nullable: true,
    description:
      "For a published report (Query.publishedReport): when the period's round closed, i.e. the moment this\noverview shows. Null for the live overview.",
  })
  reportClosedAt(overview: StatusOverview & { reportClosedAt?: Date }): Date | null {
    return overview.reportClosedAt ?? null;
  }
}
