import type { LoaderContext } from '../common/context.js';
import { defineLoader, groupBy, indexBy } from '../common/loaders/index.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { InitiativeRepository } from '../initiatives/initiative.repository.js';
import { StatusUpdate } from './entities/status-update.entity.js';
import { StatusPoint } from './models/status-update.models.js';
import { StatusUpdateRepository, UpdatesPageKey } from './status-update.repository.js';
import { visibilityFor } from './status-update.rules.js';

/**
 * The reporting fields of many initiatives at once: each loader answers a whole page of initiatives with one
 * statement (two for `updates`), so a listing's cost does not grow with its length.
 */

/** The initiative of an update (StatusUpdate.initiative). */
export const initiativeOfUpdate = defineLoader<string, Initiative | null, LoaderContext>(
  'statusUpdates.initiativeById',
  async (ids, ctx) => indexBy(ids, await ctx.get(InitiativeRepository).byIds(ids), (row) => row.id),
);

/** The APPROVED update of each initiative's latest approved period; published, so the same for every caller. */
export const latestApprovedUpdate = defineLoader<string, StatusUpdate | null, LoaderContext>(
  'statusUpdates.latestApproved',
  async (ids, ctx) =>
    indexBy(ids, await ctx.get(StatusUpdateRepository).latestApproved(ids), (update) => update.initiativeId),
);

/** Each initiative's approved statuses, oldest period first. */
export const statusHistory = defineLoader<string, StatusPoint[], LoaderContext>(
  'statusUpdates.history',
  async (ids, ctx) =>
    groupBy(ids, await ctx.get(StatusUpdateRepository).approvedStatuses(ids), (row) => row.initiative_id).map((list) =>
      list.map((row) => ({ period: row.period, status: row.status })),
    ),
);

export interface UpdatesPage {
  rows: StatusUpdate[];
  /** Every update of the initiative the caller may see, whatever the page */
  totalCount: number;
}

/** Keys are JSON of UpdatesPageKey so that equal requests share one entry. */
export const updatesPage = defineLoader<string, UpdatesPage, LoaderContext>(
  'statusUpdates.updatesPage',
  async (keys, ctx) => {
    const updates = ctx.get(StatusUpdateRepository);
    const parsed = keys.map((key) => JSON.parse(key) as UpdatesPageKey);
    const visibility = visibilityFor(ctx.viewer);
    const totals = await updates.countsVisible([...new Set(parsed.map((key) => key.initiativeId))], visibility);

    // Requests with the same page size and cursor (the usual case: one field on a list) share one statement.
    const pageOf = (key: UpdatesPageKey) => `${key.limit}|${key.before ?? ''}`;
    const pages = new Map<string, StatusUpdate[]>();
    for (const group of groupBy([...new Set(parsed.map(pageOf))], parsed, pageOf)) {
      const { limit, before } = group[0];
      const ids = [...new Set(group.map((key) => key.initiativeId))];
      const rows = await updates.pagesVisible(ids, before, limit, visibility);
      const byInitiative = groupBy(ids, rows, (update) => update.initiativeId);
      ids.forEach((id, i) => pages.set(`${id}|${pageOf(group[0])}`, byInitiative[i]));
    }
    return parsed.map((key) => ({
      rows: pages.get(`${key.initiativeId}|${pageOf(key)}`) ?? [],
      totalCount: totals.get(key.initiativeId) ?? 0,
    }));
  },
);
