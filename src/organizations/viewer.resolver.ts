import { Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Public, type Viewer } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { Organization } from './entities/organization.entity.js';
import { ViewerModel } from './models/viewer.model.js';
import { organizationByOrgNumber } from './organization.loaders.js';

@Resolver(() => ViewerModel)
export class ViewerResolver {
  @Public()
  @Query(() => ViewerModel, { nullable: true, description: 'Null for anonymous callers' })
  me(@CurrentViewer() viewer: Viewer | null): ViewerModel | null {
    if (!viewer) return null;
    return {
      subject: viewer.subject,
      name: viewer.name ?? null,
      email: viewer.email ?? null,
      roles: viewer.roles,
      orgNumber: viewer.orgNumber ?? null,
    };
  }

  @ResolveField(() => Organization, {
    nullable: true,
    description: "The organisation of the token's org claim, when it is registered here",
  })
  organization(@Parent() viewer: ViewerModel, @Context() ctx: RequestContext): Promise<Organization | null> | null {
    return viewer.orgNumber ? ctx.loaders.load(organizationByOrgNumber, viewer.orgNumber) : null;
  }
}
