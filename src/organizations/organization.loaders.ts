import { In } from 'typeorm';
import type { LoaderContext } from '../common/context.js';
import { defineLoader, indexBy } from '../common/loaders/index.js';
import { Organization } from './entities/organization.entity.js';

/** Organisations by id, batched per request. Other modules use this for their organisation fields. */
export const organizationById = defineLoader<string, Organization | null, LoaderContext>(
  'organizationById',
  async (ids, { dataSource }) => {
    const rows = await dataSource.getRepository(Organization).findBy({ id: In([...ids]) });
    return indexBy(ids, rows, (row) => row.id);
  },
);

/** Organisations by organisation number (e.g. the viewer's, from the token), batched per request. */
export const organizationByOrgNumber = defineLoader<string, Organization | null, LoaderContext>(
  'organizationByOrgNumber',
  async (orgNumbers, { dataSource }) => {
    const wellFormed = orgNumbers.filter((n) => /^\d{9}$/.test(n));
    const rows = wellFormed.length
      ? await dataSource.getRepository(Organization).findBy({ orgNumber: In(wellFormed) })
      : [];
    return indexBy(orgNumbers, rows, (row) => row.orgNumber);
  },
);
