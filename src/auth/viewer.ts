import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'ADMIN',
  REVIEWER = 'REVIEWER',
  OWNER = 'OWNER',
}

registerEnumType(Role, {
  name: 'Role',
  valuesMap: {
    ADMIN: { description: 'Directorate staff who manage the plan; may do everything' },
    REVIEWER: { description: 'Directorate staff who review and publish quarterly updates' },
    OWNER: { description: "Staff of an executing agency; post updates for their organisation's initiatives" },
  },
});

/** The signed-in caller, read from a verified bearer token. */
export interface Viewer {
  subject: string;
  name?: string;
  email?: string;
  roles: Role[];
  /** Organisation number from the token's org claim */
  orgNumber?: string;
}

export function hasRole(viewer: Viewer | null | undefined, ...roles: Role[]): boolean {
  return !!viewer && viewer.roles.some((role) => roles.includes(role));
}

/**
 * ADMIN, or an OWNER whose token names this organisation: who may write for an organisation's
 * initiatives (their deliveries and quarterly updates).
 */
export function isAdminOrOwnerOf(viewer: Viewer | null | undefined, orgNumber: string): boolean {
  if (hasRole(viewer, Role.ADMIN)) return true;
  return hasRole(viewer, Role.OWNER) && !!viewer!.orgNumber && viewer!.orgNumber === orgNumber;
}

/** Directorate staff: REVIEWER or ADMIN */
export function isStaff(viewer: Viewer | null | undefined): boolean {
  return hasRole(viewer, Role.ADMIN, Role.REVIEWER);
}

/**
 * Contact e-mails, the authors and the review comments of updates are for callers with a role (DESIGN.md,
 * "Who sees and does what"). A valid token without a known role reads what anonymous callers read.
 */
export function seesPeople(viewer: Viewer | null | undefined): boolean {
  return !!viewer && viewer.roles.length > 0;
}
