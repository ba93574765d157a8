import { hasRole, isAdminOrOwnerOf, isStaff, Role, type Viewer } from '../auth/viewer.js';
import { ForbiddenError, InvalidStateError } from '../common/errors/index.js';
import { Obstacle, UpdateState } from './entities/status-update.entity.js';

/**
 * The workflow's rules, kept free of the database so they can be tested on their own:
 *
 *   (none) -save-> DRAFT -submit-> SUBMITTED -approve-> APPROVED
 *                    ^ ^                |  |
 *                    | +----withdraw----+  |
 *                    +--save-- RETURNED <-return-+
 */
export type WorkflowStep = 'save' | 'submit' | 'approve' | 'return' | 'withdraw';

/** The states each step may start from, and the state it leads to. */
export const TRANSITIONS: Record<WorkflowStep, { from: UpdateState[]; to: UpdateState }> = {
  save: { from: [UpdateState.DRAFT, UpdateState.RETURNED], to: UpdateState.DRAFT },
  submit: { from: [UpdateState.DRAFT], to: UpdateState.SUBMITTED },
  approve: { from: [UpdateState.SUBMITTED], to: UpdateState.APPROVED },
  return: { from: [UpdateState.SUBMITTED], to: UpdateState.RETURNED },
  // The author's way back before anyone reviewed it.
  withdraw: { from: [UpdateState.SUBMITTED], to: UpdateState.DRAFT },
};

const STEP_NAMES: Record<WorkflowStep, string> = {
  save: 'saved',
  submit: 'submitted',
  approve: 'approved',
  return: 'returned',
  withdraw: 'withdrawn',
};

/** The state after `step`, or INVALID_STATE when the workflow does not allow it from `state`. */
export function nextState(state: UpdateState, step: WorkflowStep): UpdateState {
  const transition = TRANSITIONS[step];
  if (!transition.from.includes(state)) {
    const allowed = transition.from.join(' or ');
    throw new InvalidStateError(`A ${state} status update cannot be ${STEP_NAMES[step]}; only a ${allowed} one can`);
  }
  return transition.to;
}

/** Save, submit and withdraw: the OWNER of the initiative's executing agency, or an ADMIN. */
export function assertMayWrite(viewer: Viewer, executingAgencyOrgNumber: string): void {
  if (isAdminOrOwnerOf(viewer, executingAgencyOrgNumber)) return;
  throw new ForbiddenError(
    "Only an OWNER of the initiative's executing agency, or an ADMIN, may save, submit and withdraw its updates",
  );
}

/**
 * Approve and return: a REVIEWER or ADMIN who is none of the update's authors (four eyes): everyone who
 * saved or submitted it, so that an admin who submits an owner's draft cannot approve it alone either.
 */
export function assertMayReview(viewer: Viewer, authorSubjects: readonly string[]): void {
  if (!isStaff(viewer)) throw new ForbiddenError('Only a REVIEWER or ADMIN may approve or return an update');
  if (authorSubjects.includes(viewer.subject)) {
    throw new ForbiddenError('Four eyes: whoever saved or submitted an update may not approve or return it');
  }
}

/** Each obstacle once, in the order first given. */
export function distinctObstacles(obstacles: readonly Obstacle[] | null | undefined): Obstacle[] {
  return [...new Set(obstacles ?? [])];
}

/**
 * Which updates a caller sees (DESIGN.md, "Who sees and does what"): staff see every update, an OWNER the
 * updates of their own organisation's initiatives and the APPROVED ones of others, anybody else only
 * APPROVED ones.
 */
export type UpdateVisibility =
  { kind: 'all' } | { kind: 'approved' } | { kind: 'approvedOrOrganization'; orgNumber: string };

export function visibilityFor(viewer: Viewer | null): UpdateVisibility {
  if (isStaff(viewer)) return { kind: 'all' };
  if (viewer && hasRole(viewer, Role.OWNER) && viewer.orgNumber)
    return { kind: 'approvedOrOrganization', orgNumber: viewer.orgNumber };
  return { kind: 'approved' };
}

/** Whether a caller sees one update, given its state and its initiative's executing agency. */
export function canSee(visibility: UpdateVisibility, state: UpdateState, executingAgencyOrgNumber: string): boolean {
  if (visibility.kind === 'all' || state === UpdateState.APPROVED) return true;
  return visibility.kind === 'approvedOrOrganization' && visibility.orgNumber === executingAgencyOrgNumber;
}
