import { Args, Context, Info, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CurrentViewer, Role, Roles, type Viewer } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { DateScalar, DateTimeScalar } from '../common/scalars/index.js';
import { ListSize } from '../hardening/list-size.js';
import { ReportingRound } from '../overview/models/overview.model.js';
import { OverviewService } from '../overview/overview.service.js';
import { requestedFields } from '../overview/requested-fields.js';
import { OpenReportingRoundInput, RoundArgs, SetDueDateArgs } from './dto/round.inputs.js';
import { ReportingRoundRecord, RoundState } from './entities/reporting-round-record.entity.js';
import { lateByPeriod, roundByPeriod } from './round.loaders.js';
import { RoundService } from './round.service.js';

const record = (round: ReportingRound, ctx: RequestContext) => ctx.loaders.load(roundByPeriod, round.period);

/**
 * The round as a process: its mutations, `reportingRounds`, and the round's own fields on the overview
 * module's ReportingRound (which counts a period's updates whether or not a round was opened).
 */
@Resolver(() => ReportingRound)
export class RoundResolver {
  constructor(
    private readonly rounds: RoundService,
    private readonly overview: OverviewService,
  ) {}

  @Roles(Role.REVIEWER, Role.ADMIN)
  @ListSize('reportingRounds')
  @Query(() => [ReportingRound], {
    description: 'REVIEWER and ADMIN: every round that was opened, newest period first',
  })
  async reportingRounds(@Context() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ReportingRound[]> {
    const records = await this.rounds.list();
    return this.answer(records, ctx, info);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => ReportingRound, {
    description:
      "ADMIN. Opens the period's round: state OPEN, the due date set, and a notice to every expected\ninitiative's recipients (see notifications). CONFLICT when the period's round was already opened, closed\nor not. Audit events of rounds have entityType ReportingRound and the period as entityId.",
  })
  async openReportingRound(
    @Args('input') input: OpenReportingRoundInput,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReportingRound> {
    const [round] = await this.answer([await this.rounds.open(viewer, input)], ctx, info);
    return round;
  }

  @Roles(Role.ADMIN)
  @Mutation(() => ReportingRound, {
    description:
      'ADMIN. Moves the due date of an OPEN round (reminders and lateness follow the new date); the same rule for the date as openReportingRound; INVALID_STATE when CLOSED; NOT_FOUND when no round was opened',
  })
  async setReportingRoundDueDate(
    @Args() args: SetDueDateArgs,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReportingRound> {
    const updated = await this.rounds.setDueDate(viewer, args.period, args.dueDate, args.expectedVersion);
    const [round] = await this.answer([updated], ctx, info);
    return round;
  }

  @Roles(Role.ADMIN)
  @Mutation(() => ReportingRound, {
    description:
      "ADMIN. Closes an OPEN round and freezes the period's report for every strategy (publishedReport).\nINVALID_STATE when the round is not OPEN; NOT_FOUND when no round was opened for the period. Updates\nmay still be saved, submitted and approved for a closed period afterwards; they change the live\noverview only.",
  })
  async closeReportingRound(
    @Args() args: RoundArgs,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReportingRound> {
    const [round] = await this.answer([await this.rounds.close(viewer, args.period, args.expectedVersion)], ctx, info);
    return round;
  }

  @ResolveField(() => RoundState, {
    nullable: true,
    description: 'Null while no round was opened for the period (the counts above still answer)',
  })
  async state(round: ReportingRound, _args: unknown, ctx: RequestContext): Promise<RoundState | null> {
    return (await record(round, ctx))?.state ?? null;
  }

  @ResolveField(() => DateScalar, {
    nullable: true,
    description: 'The day updates are due, in Europe/Oslo; null while no round was opened',
  })
  async dueDate(round: ReportingRound, _args: unknown, ctx: RequestContext): Promise<string | null> {
    return (await record(round, ctx))?.dueDate ?? null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "The admin's message to the owners when the round was opened",
  })
  async message(round: ReportingRound, _args: unknown, ctx: RequestContext): Promise<string | null> {
    return (await record(round, ctx))?.message ?? null;
  }

  @ResolveField(() => DateTimeScalar, { nullable: true })
  async openedAt(round: ReportingRound, _args: unknown, ctx: RequestContext): Promise<Date | null> {
    return (await record(round, ctx))?.openedAt ?? null;
  }

  @ResolveField(() => DateTimeScalar, { nullable: true })
  async closedAt(round: ReportingRound, _args: unknown, ctx: RequestContext): Promise<Date | null> {
    return (await record(round, ctx))?.closedAt ?? null;
  }

  @ResolveField(() => Int, {
    description:
      'Expected (ACTIVE) initiatives whose update for the period is late (StatusUpdate.late), plus, once the due\ndate has passed, those with no update at all. 0 while no round was opened. Like the other counts it stays\nlive after the round closes.',
  })
  late(round: ReportingRound, _args: unknown, ctx: RequestContext): Promise<number> {
    return ctx.loaders.load(lateByPeriod, round.period);
  }

  @ResolveField(() => Int, {
    nullable: true,
    description: 'Rises by one on every change of the round itself; pass it back as expectedVersion',
  })
  async version(round: ReportingRound, _args: unknown, ctx: RequestContext): Promise<number | null> {
    return (await record(round, ctx))?.version ?? null;
  }

  /** The rounds' counts (and `missing` only when asked for) in two statements, their records primed. */
  private async answer(
    records: ReportingRoundRecord[],
    ctx: RequestContext,
    info: GraphQLResolveInfo,
  ): Promise<ReportingRound[]> {
    for (const round of records) ctx.loaders.prime(roundByPeriod, round.period, round);
    const asked = requestedFields(info, []);
    return this.overview.reportingRounds(
      records.map((round) => round.period),
      { initiative: requestedFields(info, ['missing']) },
      asked.has('missing'),
    );
  }
}
