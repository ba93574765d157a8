import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Public, Role, Roles, seesPeople, type Viewer } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { CreateOrganizationInput, UpdateOrganizationInput } from './dto/organization.inputs.js';
import { Organization } from './entities/organization.entity.js';
import { organizationById } from './organization.loaders.js';
import { OrganizationService } from './organization.service.js';
import { ListSize } from '../hardening/list-size.js';

@Resolver(() => Organization)
export class OrganizationResolver {
  constructor(private readonly service: OrganizationService) {}

  @Public()
  @ListSize('organizations')
  @Query(() => [Organization], { description: 'Every organisation, by name' })
  organizations(): Promise<Organization[]> {
    return this.service.list();
  }

  @Public()
  @Query(() => Organization, { nullable: true, description: 'By organisation number; null when there is none' })
  organization(@Args('orgNumber') orgNumber: string): Promise<Organization | null> {
    return this.service.byOrgNumber(orgNumber);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Organization, { description: 'ADMIN' })
  createOrganization(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateOrganizationInput,
  ): Promise<Organization> {
    return this.service.create(viewer, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Organization, { description: 'ADMIN' })
  updateOrganization(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOrganizationInput,
  ): Promise<Organization> {
    return this.service.update(viewer, id, input);
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      "Where reminders go when none of an initiative's contacts has an e-mail address. Signed-in callers only; null for anonymous callers.",
  })
  reportingEmail(@Parent() organization: Organization, @Context() ctx: RequestContext): string | null {
    return seesPeople(ctx.viewer) ? organization.reportingEmail : null;
  }

  @ResolveField(() => Organization, {
    nullable: true,
    description: "The organisation it reports to, e.g. an agency's ministry",
  })
  parent(@Parent() organization: Organization, @Context() ctx: RequestContext): Promise<Organization | null> | null {
    return organization.parentId ? ctx.loaders.load(organizationById, organization.parentId) : null;
  }
}
