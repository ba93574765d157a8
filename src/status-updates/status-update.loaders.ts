import { In } from 'typeorm';
import type { LoaderContext } from '../common/context.js';
import { defineLoader, groupBy, indexBy } from '../common/loaders/index.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { StatusUpdate } from './entities/status-update.entity.js';
import { StatusPoint } from './models/status-update.models.js';
import { visibilityFor, visibilitySql } from './status-update.rules.js';
import { StatusUpdateRow, toStatusUpdate, updateColumns } from './status-update.rows.js';

/**
 * The reporting fields of many initiatives at once: each loader answers a whole page of initiatives with one
 * statement (two for `updates`), so a listing's cost does not grow with its length.
 */

/** The initiative of an update (StatusUpdate.initiative). */
export const initiativeOfUpdate = defineLoader<string, Initiative | null, LoaderContext>(
  'statusUpdates.initiativeById',
  async (ids, { dataSource }) =>
    indexBy(ids, await dataSource.getRepository(Initiative).findBy({ id: In([...ids]) }), (row) => row.id),
);

/** The APPROVED update of each initiative's latest approved period; published, so the same for every caller. */
export const latestApprovedUpdate = defineLoader<string, StatusUpdate | null, LoaderContext>(
  'statusUpdates.latestApproved',
  async (ids, { dataSource }) => {
    const rows: StatusUpdateRow[] = await dataSource.query(
      `SELECT DISTINCT ON (su.initiative_id) ${updateColumns('su')}
     FROM status_update su
     WHERE su.state = 'APPROVED' AND su.initiative_id = ANY($1::uuid[])
     ORDER BY su.initiative_id, su.period DESC`,
      [ids],
    );
    return indexBy(ids, rows.map(toStatusUpdate), (update) => update.initiativeId);
  },
);

/** Each initiative's approved statuses, oldest period first. */
export const statusHistory = defineLoader<string, StatusPoint[], LoaderContext>(
  'statusUpdates.history',
  async (ids, { dataSource }) => {
    const rows: { initiative_id: string; period: string; status: DeliveryStatus }[] = await dataSource.query(
      `SELECT su.initiative_id, su.period, su.status
     FROM status_update su
     WHERE su.state = 'APPROVED' AND su.initiative_id = ANY($1::uuid[])
     ORDER BY su.initiative_id, su.period`,
      [ids],
    );
    return groupBy(ids, rows, (row) => row.initiative_id).map((list) =>
      list.map((row) => ({ period: row.period, status: row.status })),
    );
  },
);

/** One page of an initiative's updates: `limit` rows (one more than asked, to tell whether more follow). */
export interface UpdatesPageKey {
  initiativeId: string;
  limit: number;
  /** Only periods before this one (the cursor) */
  before: string | null;
}

export interface UpdatesPage {
  rows: StatusUpdate[];
  /** Every update of the initiative the caller may see, whatever the page */
  totalCount: number;
}

/** Keys are JSON of UpdatesPageKey so that equal requests share one entry. */
export const updatesPage = defineLoader<string, UpdatesPage, LoaderContext>(
  'statusUpdates.updatesPage',
  async (keys, { dataSource, viewer }) => {
    const parsed = keys.map((key) => JSON.parse(key) as UpdatesPageKey);
    const ids = [...new Set(parsed.map((key) => key.initiativeId))];
    const visibility = visibilityFor(viewer);

    const countFilter = visibilitySql(visibility, 'su', 2);
    const counts: { initiative_id: string; n: number }[] = await dataSource.query(
      `SELECT su.initiative_id, count(*)::int AS n
     FROM status_update su
     WHERE su.initiative_id = ANY($1::uuid[]) AND ${countFilter.sql}
     GROUP BY su.initiative_id`,
      [ids, ...countFilter.params],
    );
    const totals = new Map(counts.map((row) => [row.initiative_id, Number(row.n)]));

    // Requests with the same page size and cursor (the usual case: one field on a list) share one statement.
    const pages = new Map<string, StatusUpdate[]>();
    const groups = groupBy(
      [...new Set(parsed.map((key) => `${key.limit}|${key.before ?? ''}`))],
      parsed,
      (key) => `${key.limit}|${key.before ?? ''}`,
    );
    for (const group of groups) {
      const { limit, before } = group[0];
      const groupIds = [...new Set(group.map((key) => key.initiativeId))];
      const filter = visibilitySql(visibility, 'su', 4);
      const rows: StatusUpdateRow[] = await dataSource.query(
        `SELECT * FROM (
         SELECT ${updateColumns('su')}, row_number() OVER (PARTITION BY su.initiative_id ORDER BY su.period DESC) AS rn
         FROM status_update su
         WHERE su.initiative_id = ANY($1::uuid[]) AND ($2::text IS NULL OR su.period < $2::bpchar) AND ${filter.sql}
       ) page
       WHERE page.rn <= $3
       ORDER BY page.initiative_id, page.period DESC`,
        [groupIds, before, limit, ...filter.params],
      );
      const byInitiative = groupBy(groupIds, rows.map(toStatusUpdate), (update) => update.initiativeId);
      groupIds.forEach((id, i) => pages.set(`${id}|${limit}|${before ?? ''}`, byInitiative[i]));
    }

    return parsed.map((key) => ({
      rows: pages.get(`${key.initiativeId}|${key.limit}|${key.before ?? ''}`) ?? [],
      totalCount: totals.get(key.initiativeId) ?? 0,
    }));
  },
);
