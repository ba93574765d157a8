import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ID, Int } from '@nestjs/graphql';
import { CurrentViewer, Public, Role, Roles, seesPeople, type Viewer } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { QuarterScalar } from '../common/scalars/index.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { InitiativeConnection } from '../initiatives/models/initiative-connection.model.js';
import { ApproveStatusUpdateArgs, ReturnStatusUpdateArgs, SubmitStatusUpdateArgs } from './dto/review.args.js';
import { SaveStatusUpdateInput } from './dto/save-status-update.input.js';
import { StatusUpdate } from './entities/status-update.entity.js';
import { StatusUpdateConnection, UserRef } from './models/status-update.models.js';
import { initiativeOfUpdate } from './status-update.loaders.js';
import { StatusUpdateService } from './status-update.service.js';

@Resolver(() => StatusUpdate)
export class StatusUpdateResolver {
  constructor(private readonly updates: StatusUpdateService) {}

  @Public()
  @Query(() => StatusUpdate, {
    nullable: true,
    description: 'Null when there is no such update or the caller may not see it',
  })
  statusUpdate(
    @Args('id', { type: () => ID }) id: string,
    @CurrentViewer() viewer: Viewer | null,
  ): Promise<StatusUpdate | null> {
    return this.updates.findVisible(viewer, id);
  }

  @Roles(Role.REVIEWER, Role.ADMIN)
  @Query(() => StatusUpdateConnection, {
    description: 'REVIEWER and ADMIN: SUBMITTED updates, oldest submission first',
  })
  reviewQueue(
    @Args('period', { type: () => QuarterScalar, nullable: true }) period?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<StatusUpdateConnection> {
    return this.updates.reviewQueue(period, first, after);
  }

  @Roles(Role.OWNER, Role.REVIEWER, Role.ADMIN)
  @Query(() => InitiativeConnection, {
    description: "OWNER: the initiatives of the viewer's organisation; REVIEWER and ADMIN: all",
  })
  myInitiatives(
    @CurrentViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<InitiativeConnection> {
    return this.updates.myInitiatives(viewer, first, after);
  }

  @Roles(Role.OWNER, Role.ADMIN)
  @Mutation(() => StatusUpdate, {
    description:
      "OWNER of the initiative's executing agency, or ADMIN. Creates the DRAFT for (initiative, period),\nor edits " +
      'it while it is DRAFT or RETURNED (a RETURNED update goes back to DRAFT).\nSUBMITTED or APPROVED: ' +
      'INVALID_STATE. A period after the current quarter (Europe/Oslo time): BAD_USER_INPUT.',
  })
  saveStatusUpdate(
    @Args('input') input: SaveStatusUpdateInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<StatusUpdate> {
    return this.updates.save(viewer, input);
  }

  @Roles(Role.OWNER, Role.ADMIN)
  @Mutation(() => StatusUpdate, { description: 'Same callers as saveStatusUpdate. DRAFT -> SUBMITTED' })
  submitStatusUpdate(@Args() args: SubmitStatusUpdateArgs, @CurrentViewer() viewer: Viewer): Promise<StatusUpdate> {
    return this.updates.submit(viewer, args.id, args.expectedVersion);
  }

  @Roles(Role.OWNER, Role.ADMIN)
  @Mutation(() => StatusUpdate, {
    description:
      "The author's way back: a SUBMITTED update returns to DRAFT before anyone reviewed it. Who may: whoever\nmay save it (OWNER of the executing agency, ADMIN). INVALID_STATE from any other state. Audit action\nstatusUpdate.withdraw. Withdrawing does not make the caller one of the update's authors (four eyes).",
  })
  withdrawStatusUpdate(@Args() args: SubmitStatusUpdateArgs, @CurrentViewer() viewer: Viewer): Promise<StatusUpdate> {
    return this.updates.withdraw(viewer, args.id, args.expectedVersion);
  }

  @Roles(Role.REVIEWER, Role.ADMIN)
  @Mutation(() => StatusUpdate, {
    description:
      "REVIEWER or ADMIN, never the update's own author. SUBMITTED -> APPROVED: published, visible to all.\nThe " +
      'comment, if any, becomes reviewComment. Approving a COMPLETED status marks the initiative COMPLETED.',
  })
  approveStatusUpdate(@Args() args: ApproveStatusUpdateArgs, @CurrentViewer() viewer: Viewer): Promise<StatusUpdate> {
    return this.updates.approve(viewer, args.id, args.comment, args.expectedVersion);
  }

  @Roles(Role.REVIEWER, Role.ADMIN)
  @Mutation(() => StatusUpdate, {
    description:
      "REVIEWER or ADMIN, never the update's own author. SUBMITTED -> RETURNED; the comment (not blank) says what " +
      'to fix and becomes reviewComment',
  })
  returnStatusUpdate(@Args() args: ReturnStatusUpdateArgs, @CurrentViewer() viewer: Viewer): Promise<StatusUpdate> {
    return this.updates.return(viewer, args.id, args.comment, args.expectedVersion);
  }

  @ResolveField(() => Initiative)
  initiative(@Parent() update: StatusUpdate, @Context() ctx: RequestContext): Promise<Initiative | null> {
    return ctx.loaders.load(initiativeOfUpdate, update.initiativeId);
  }

  @ResolveField(() => UserRef, { nullable: true, description: 'Null for anonymous callers' })
  author(@Parent() update: StatusUpdate, @CurrentViewer() viewer: Viewer | null): UserRef | null {
    return seesPeople(viewer) ? { subject: update.authorSubject, name: update.authorName } : null;
  }

  @ResolveField('reviewComment', () => String, { nullable: true, description: 'Null for anonymous callers' })
  reviewCommentField(@Parent() update: StatusUpdate, @CurrentViewer() viewer: Viewer | null): string | null {
    return seesPeople(viewer) ? update.reviewComment : null;
  }
}
