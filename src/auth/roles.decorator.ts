import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '../common/context.js';
import { Role, Viewer } from './viewer.js';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** Only signed-in callers with one of these roles; everyone else is UNAUTHENTICATED or FORBIDDEN. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Anyone, signed in or not. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Any signed-in caller, whatever the role. */
export const SignedIn = () => SetMetadata(ROLES_KEY, [] as Role[]);

/** The verified caller, or null for anonymous. */
export const CurrentViewer = createParamDecorator((_data: unknown, context: ExecutionContext): Viewer | null => {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<RequestContext>().viewer;
  }
  return context.switchToHttp().getRequest<{ viewer?: Viewer | null }>().viewer ?? null;
});
