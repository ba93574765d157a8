import type { LoaderContext } from '../common/context.js';
import { defineLoader, indexBy } from '../common/loaders/index.js';
import { isOrgNumberFormat } from '../common/org-number.js';
import { Organization } from './entities/organization.entity.js';
import { OrganizationRepository } from './organization.repository.js';

/** Organisations by id, batched per request. Other modules use this for their organisation fields. */
export const organizationById = defineLoader<string, Organization | null, LoaderContext>(
  'organizationById',
  async (ids, ctx) => indexBy(ids, await ctx.get(OrganizationRepository).byIds(ids), (row) => row.id),
);

/** Organisations by organisation number (e.g. the viewer's, from the token), batched per request. */
export const organizationByOrgNumber = defineLoader<string, Organization | null, LoaderContext>(
  'organizationByOrgNumber',
  async (orgNumbers, ctx) => {
    const rows = await ctx.get(OrganizationRepository).byOrgNumbers(orgNumbers.filter(isOrgNumberFormat));
    return indexBy(orgNumbers, rows, (row) => row.orgNumber);
  },
);
