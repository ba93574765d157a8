import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '../common/context.js';
import { ForbiddenError, UnauthenticatedError } from '../common/errors/index.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import { Role, Viewer } from './viewer.js';

/**
 * The one guard: every query, mutation and route declares @Public(), @SignedIn() or @Roles(...). A handler
 * that declares nothing is refused, so a forgotten declaration fails closed.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const viewer = this.viewerOf(context);
    if (!viewer) throw new UnauthenticatedError();
    if (!roles) throw new ForbiddenError('This operation declares no roles');
    if (roles.length > 0 && !viewer.roles.some((role) => roles.includes(role))) {
      throw new ForbiddenError(`Requires one of the roles ${roles.join(', ')}`);
    }
    return true;
  }

  private viewerOf(context: ExecutionContext): Viewer | null {
    if (context.getType<string>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<RequestContext>().viewer;
    }
    return context.switchToHttp().getRequest<{ viewer?: Viewer | null }>().viewer ?? null;
  }
}
