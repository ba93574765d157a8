import { ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../common/context.js';
import { DateTimeScalar } from '../common/scalars/index.js';
import { StatusUpdate } from '../status-updates/entities/status-update.entity.js';
import { roundByPeriod } from './round.loaders.js';
import { isLate } from './round.rules.js';

/**
 * The round's fields of the StatusUpdate type. They live here, not in the status-updates module, so that
 * the status updates never depend on the rounds (DESIGN.md, Architecture). Both take NestJS's fast path
 * (no parameter decorators): an overview can ask them of thousands of updates.
 */
@Resolver(() => StatusUpdate)
export class StatusUpdateRoundResolver {
  @ResolveField(() => DateTimeScalar, {
    nullable: true,
    description: 'When it was first submitted; a later withdrawal or return does not change it',
  })
  firstSubmittedAt(update: StatusUpdate): Date | null {
    return update.firstSubmittedAt ?? null;
  }

  @ResolveField(() => Boolean, {
    nullable: true,
    description:
      "Judged from firstSubmittedAt against the round's current due date (it follows a moved date): true when\nfirstSubmittedAt is after the end of the due date (midnight Europe/Oslo), or when it is null and the due\ndate has passed; false otherwise (in time, or a draft before the due date); null when the period has no\nround. Visible to whoever sees the update.",
  })
  async late(update: StatusUpdate, _args: unknown, ctx: RequestContext): Promise<boolean | null> {
    const round = await ctx.loaders.load(roundByPeriod, update.period);
    return isLate(update.firstSubmittedAt ?? null, round?.dueDate ?? null);
  }
}
