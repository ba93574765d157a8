import { PUBLIC_KEY, ROLES_KEY } from '../auth/roles.decorator.js';
import { Role } from '../auth/viewer.js';
import { StatusUpdateResolver } from './status-update.resolver.js';

/**
 * The declared callers of every query and mutation of this module. A change of permissions changes this
 * table, so it is a reviewed change.
 */
const DECLARED: Record<string, string> = {
  statusUpdate: 'public',
  reviewQueue: [Role.REVIEWER, Role.ADMIN].join(','),
  myInitiatives: [Role.OWNER, Role.REVIEWER, Role.ADMIN].join(','),
  saveStatusUpdate: [Role.OWNER, Role.ADMIN].join(','),
  submitStatusUpdate: [Role.OWNER, Role.ADMIN].join(','),
  approveStatusUpdate: [Role.REVIEWER, Role.ADMIN].join(','),
  returnStatusUpdate: [Role.REVIEWER, Role.ADMIN].join(','),
};

describe('StatusUpdateResolver declares who may call each operation', () => {
  it.each(Object.entries(DECLARED))('%s: %s', (method, expected) => {
    const handler = (StatusUpdateResolver.prototype as unknown as Record<string, object>)[method];
    expect(handler).toBeDefined();
    const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) === true;
    const roles = Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined;
    expect(isPublic ? 'public' : (roles ?? []).join(',')).toBe(expected);
  });
});
