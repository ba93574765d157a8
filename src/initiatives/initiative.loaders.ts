import type { LoaderContext } from '../common/context.js';
import { defineLoader, groupBy } from '../common/loaders/index.js';
import { ConnectionShape } from '../common/pagination/index.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { LifeEvent } from '../strategy/entities/life-event.entity.js';
import { InitiativeOrder } from './dto/initiative-filter.input.js';
import { Delivery } from './entities/delivery.entity.js';
import { Initiative } from './entities/initiative.entity.js';
import { DeliveryRepository } from './delivery.repository.js';
import { ListCursor, pageConnection, PageKeyRow } from './initiative-listing.js';
import { InitiativeParent, InitiativeRepository } from './initiative.repository.js';

/**
 * Per-request loaders of initiatives' lists and connections: one statement per list for a whole page of
 * initiatives, so a listing's cost does not grow with its length.
 */

const owned = <T>(ids: readonly string[], pairs: { ownerId: string; entity: T }[]): T[][] =>
  groupBy(ids, pairs, (pair) => pair.ownerId).map((list) => list.map((pair) => pair.entity));

export const goalsByInitiative = defineLoader<string, Goal[], LoaderContext>('goalsByInitiative', async (ids, ctx) =>
  owned(ids, await ctx.get(InitiativeRepository).goalsOf(ids)),
);

export const lifeEventsByInitiative = defineLoader<string, LifeEvent[], LoaderContext>(
  'lifeEventsByInitiative',
  async (ids, ctx) => owned(ids, await ctx.get(InitiativeRepository).lifeEventsOf(ids)),
);

export const partnersByInitiative = defineLoader<string, Organization[], LoaderContext>(
  'partnersByInitiative',
  async (ids, ctx) => owned(ids, await ctx.get(InitiativeRepository).partnersOf(ids)),
);

export const deliveriesByInitiative = defineLoader<string, Delivery[], LoaderContext>(
  'deliveriesByInitiative',
  async (ids, ctx) => groupBy(ids, await ctx.get(DeliveryRepository).ofInitiatives(ids), (row) => row.initiativeId),
);

/** One page request of a parent's `initiatives` connection: `first` and the cursor already checked. */
export interface ParentPageKey {
  parent: InitiativeParent;
  parentId: string;
  first: number;
  cursor?: ListCursor;
  /** The cursor as given, so that equal requests share a batch */
  after?: string | null;
}

/**
 * The `initiatives` connections of many goals (focus areas, life events, organisations) at once: per
 * distinct (kind, first, after) one statement for the pages and one for the counts, then one for all the
 * initiatives. A list of goals with their initiatives costs the same whatever its length.
 */
export const initiativesOfParent = defineLoader<ParentPageKey, ConnectionShape<Initiative>, LoaderContext>(
  'initiativesOfParent',
  async (keys, ctx) => {
    const repository = ctx.get(InitiativeRepository);
    const groups = new Map<string, ParentPageKey[]>();
    for (const key of keys) {
      const group = `${key.parent}|${key.first}|${key.after ?? ''}`;
      groups.set(group, [...(groups.get(group) ?? []), key]);
    }
    const pages = new Map<ParentPageKey, PageKeyRow[]>();
    const totals = new Map<ParentPageKey, number>();
    for (const group of groups.values()) {
      const { parent, first, cursor } = group[0];
      const parentIds = [...new Set(group.map((key) => key.parentId))];
      const found = await repository.pagesOfParents(parent, parentIds, cursor, first + 1);
      for (const key of group) {
        pages.set(
          key,
          found.pages.filter((row) => row.parent_id === key.parentId),
        );
        totals.set(key, found.totals.get(key.parentId) ?? 0);
      }
    }
    const allIds = [...new Set([...pages.values()].flat().map((row) => row.id))];
    const byId = new Map((await repository.byIds(allIds)).map((initiative) => [initiative.id, initiative]));
    return keys.map((key) =>
      pageConnection(pages.get(key) ?? [], byId, key.first, totals.get(key) ?? 0, InitiativeOrder.CODE, !!key.cursor),
    );
  },
);
