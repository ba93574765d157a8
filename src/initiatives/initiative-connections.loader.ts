import { In } from 'typeorm';
import type { LoaderContext } from '../common/context.js';
import { defineLoader } from '../common/loaders/index.js';
import { ConnectionShape, toConnection } from '../common/pagination/index.js';
import { InitiativeOrder } from './dto/initiative-filter.input.js';
import { Initiative } from './entities/initiative.entity.js';
import { cursorKey, ListCursor, ORDERS, PageKeyRow, SqlParams } from './initiative-listing.js';

/** The records that have an `initiatives` connection, and how an initiative belongs to each. */
export type InitiativeParent = 'goal' | 'focusArea' | 'lifeEvent' | 'organization';

const BELONGS: Record<InitiativeParent, string> = {
  goal: 'EXISTS (SELECT 1 FROM initiative_goal ig WHERE ig.initiative_id = i.id AND ig.goal_id = k.parent_id)',
  focusArea: 'i.focus_area_id = k.parent_id',
  lifeEvent:
    'EXISTS (SELECT 1 FROM initiative_life_event il WHERE il.initiative_id = i.id AND il.life_event_id = k.parent_id)',
  organization: 'i.executing_agency_id = k.parent_id',
};

/** One page request: `first` and the cursor already checked by the field resolver. */
export interface ParentPageKey {
  parent: InitiativeParent;
  parentId: string;
  first: number;
  cursor?: ListCursor;
  /** The cursor as given, so that equal requests share a batch */
  after?: string | null;
}

const ORDER = InitiativeOrder.CODE;

/**
 * The `initiatives` connections of many goals (focus areas, life events, organisations) at once: per
 * distinct (kind, first, after) one query for the pages (a LATERAL join per parent) and one for the counts,
 * then one query for all the initiatives. A list of goals with their initiatives costs the same whatever
 * its length.
 */
export const initiativesOfParent = defineLoader<ParentPageKey, ConnectionShape<Initiative>, LoaderContext>(
  'initiativesOfParent',
  async (keys, { dataSource }) => {
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
      const p = new SqlParams();
      const ids = p.add(parentIds);
      const spec = ORDERS[ORDER];
      const after = cursor ? `AND ${spec.after(p, cursor.key, cursor.id)}` : '';
      const rows: (PageKeyRow & { parent_id: string })[] = await dataSource.query(
        `SELECT k.parent_id::text AS parent_id, page.id, page.sort_key
         FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS k(parent_id, n)
         CROSS JOIN LATERAL (
           SELECT i.id::text AS id, ${spec.key} AS sort_key, row_number() OVER (ORDER BY ${spec.orderBy}) AS rn
           FROM initiative i
           WHERE ${BELONGS[parent]} ${after}
           ORDER BY ${spec.orderBy}
           LIMIT ${p.add(first + 1)}
         ) page
         ORDER BY k.n, page.rn`,
        p.values,
      );
      const counts: { parent_id: string; total: number }[] = await dataSource.query(
        `SELECT k.parent_id::text AS parent_id, (SELECT count(*) FROM initiative i WHERE ${BELONGS[parent]})::int AS total
         FROM unnest($1::uuid[]) AS k(parent_id)`,
        [parentIds],
      );
      for (const key of group) {
        pages.set(
          key,
          rows.filter((row) => row.parent_id === key.parentId),
        );
        totals.set(key, counts.find((row) => row.parent_id === key.parentId)?.total ?? 0);
      }
    }
    const allIds = [...new Set([...pages.values()].flat().map((row) => row.id))];
    const initiatives = allIds.length ? await dataSource.getRepository(Initiative).findBy({ id: In(allIds) }) : [];
    const byId = new Map(initiatives.map((initiative) => [initiative.id, initiative]));
    return keys.map((key) => {
      const rows = (pages.get(key) ?? []).filter((row) => byId.has(row.id));
      const keyOf = new Map(rows.map((row) => [row.id, row]));
      return toConnection(
        rows.map((row) => byId.get(row.id)!),
        key.first,
        totals.get(key) ?? 0,
        (node) => cursorKey(ORDER, keyOf.get(node.id)!),
        !!key.cursor,
      );
    });
  },
);
