import { BadUserInputError } from '../common/errors/index.js';
import { ConnectionShape, decodeCursor, isMicrosecondInstant, toConnection } from '../common/pagination/index.js';
import { hasNul } from '../common/text.js';
import { isUuid } from '../common/uuid.js';
import type { SqlParams } from '../database/sql.js';
import type { DeliveryStatus, InitiativeLifecycle } from './entities/enums.js';
import type { Initiative } from './entities/initiative.entity.js';
import { InitiativeOrder, MAX_SEARCH_LENGTH } from './dto/initiative-filter.input.js';

/**
 * The initiative listing's definition: its filters and three orders as SQL fragments (for
 * InitiativeRepository only) and their keyset cursors. Shared by the `initiatives` query and the
 * `initiatives` connections of goals, focus areas, life events and organisations, so that a cursor from
 * one is valid in the other.
 */

/** What a listing can be narrowed by; every condition given must hold. */
export interface InitiativeListFilter {
  /** Strategy slug */
  strategy?: string | null;
  goalId?: string | null;
  focusAreaId?: string | null;
  lifeEventId?: string | null;
  /** The executing agency */
  organizationId?: string | null;
  lifecycle?: InitiativeLifecycle[] | null;
  /** The current status recorded on the initiative row by approval */
  status?: DeliveryStatus[] | null;
  search?: string | null;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/g;

/**
 * Minus signs allowed between two letters or digits of a search. In websearch_to_tsquery each `-` before a
 * word is a NOT that waits on PostgreSQL's operator stack until a word comes; the stack holds 32, and a
 * longer run fails with "tsquery stack too small". Only letters and digits are sure to make a word there
 * (spaces, brackets, quotes and other operators do not), so counting every minus sign between two of them
 * bounds the run from above, and this bound leaves room for the AND and OR that may wait below.
 */
export const MAX_MINUS_SIGNS_IN_A_ROW = 16;
const BETWEEN_WORDS = /[^\p{L}\p{N}]+/gu;

/**
 * The search text as PostgreSQL gets it: control characters (a NUL byte is an error in PostgreSQL) become
 * spaces. Blank means no search. Anything else goes to websearch_to_tsquery as a parameter, which accepts
 * any text: quotes, operators and SQL are words to it, never syntax; only a long run of minus signs is
 * more than it can parse, and is refused.
 */
export function searchText(search: string | null | undefined): string | null {
  if (search === null || search === undefined) return null;
  if (search.length > MAX_SEARCH_LENGTH) {
    throw BadUserInputError.field('filter.search', `must be at most ${MAX_SEARCH_LENGTH} characters`);
  }
  const text = search.replace(CONTROL_CHARACTERS, ' ').trim();
  for (const gap of text.match(BETWEEN_WORDS) ?? []) {
    if (gap.split('-').length - 1 > MAX_MINUS_SIGNS_IN_A_ROW) {
      throw BadUserInputError.field(
        'filter.search',
        `must not have more than ${MAX_MINUS_SIGNS_IN_A_ROW} minus signs without a letter or digit between them`,
      );
    }
  }
  return text.length > 0 ? text : null;
}

/**
 * WHERE conditions over `initiative i` for the filter, or null when nothing can match (an id that is not
 * a UUID names no record, so the query need not run).
 */
export function filterConditions(filter: InitiativeListFilter, p: SqlParams): string[] | null {
  const conditions: string[] = [];
  for (const id of [filter.goalId, filter.focusAreaId, filter.lifeEventId, filter.organizationId]) {
    if (id !== null && id !== undefined && !isUuid(id)) return null;
  }
  // No slug holds a NUL character, and PostgreSQL refuses one as a parameter.
  if (filter.strategy && hasNul(filter.strategy)) return null;
  if (filter.strategy !== null && filter.strategy !== undefined) {
    conditions.push(`i.strategy_id = (SELECT s.id FROM strategy s WHERE s.slug = ${p.add(filter.strategy)})`);
  }
  if (filter.goalId) {
    conditions.push(
      `EXISTS (SELECT 1 FROM initiative_goal ig WHERE ig.initiative_id = i.id AND ig.goal_id = ` +
        `${p.add(filter.goalId)}::uuid)`,
    );
  }
  if (filter.focusAreaId) conditions.push(`i.focus_area_id = ${p.add(filter.focusAreaId)}::uuid`);
  if (filter.lifeEventId) {
    conditions.push(
      `EXISTS (SELECT 1 FROM initiative_life_event il WHERE il.initiative_id = i.id AND il.life_event_id = ` +
        `${p.add(filter.lifeEventId)}::uuid)`,
    );
  }
  if (filter.organizationId) conditions.push(`i.executing_agency_id = ${p.add(filter.organizationId)}::uuid`);
  if (filter.lifecycle?.length) conditions.push(`i.lifecycle = ANY(${p.add(filter.lifecycle)}::varchar[])`);
  if (filter.status?.length) conditions.push(`i.current_status = ANY(${p.add(filter.status)}::varchar[])`);
  const search = searchText(filter.search);
  if (search !== null) conditions.push(`i.search_vector @@ websearch_to_tsquery('norwegian', ${p.add(search)})`);
  return conditions;
}

/** A row of a page: the initiative's id and the sort key its cursor holds. */
export interface PageKeyRow {
  id: string;
  sort_key: string;
}

interface OrderSql {
  /** Short tag in the cursor, so a cursor of one order is not taken for another */
  tag: string;
  /** The sort key as text, selected for the cursor */
  key: string;
  orderBy: string;
  /** Rows after the cursor's (key, id) */
  after(p: SqlParams, key: string, id: string): string;
  validKey(key: string): boolean;
}

export const ORDERS: Record<InitiativeOrder, OrderSql> = {
  // The code column is collated natural_sort (ICU numeric), so plain ORDER BY code is natural.
  [InitiativeOrder.CODE]: {
    tag: 'c',
    key: 'i.code',
    orderBy: 'i.code, i.id',
    after: (p, key, id) => `(i.code, i.id) > (${p.add(key)}::varchar COLLATE natural_sort, ${p.add(id)}::uuid)`,
    validKey: (key) => key.length <= 20,
  },
  [InitiativeOrder.TITLE]: {
    tag: 't',
    key: 'i.title',
    orderBy: 'i.title COLLATE "nb-NO-x-icu", i.id',
    after: (p, key, id) =>
      `(i.title COLLATE "nb-NO-x-icu", i.id) > (${p.add(key)}::varchar COLLATE "nb-NO-x-icu", ${p.add(id)}::uuid)`,
    validKey: (key) => key.length <= 300,
  },
  // Microseconds in the cursor: a millisecond-rounded key would skip or repeat rows changed in the same ms.
  [InitiativeOrder.UPDATED_AT]: {
    tag: 'u',
    key: `to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    orderBy: 'i.updated_at DESC, i.id DESC',
    after: (p, key, id) => `(i.updated_at, i.id) < (${p.add(key)}::timestamptz, ${p.add(id)}::uuid)`,
    validKey: isMicrosecondInstant,
  },
};

export interface ListCursor {
  key: string;
  id: string;
}

/** The cursor's sort key and id; BAD_USER_INPUT naming `field` for anything that is not a cursor of this order. */
export function readCursor(
  after: string | null | undefined,
  order: InitiativeOrder,
  field = 'after',
): ListCursor | undefined {
  const decoded = decodeCursor(after, 3, field);
  if (!decoded) return undefined;
  const [tag, key, id] = decoded;
  const spec = ORDERS[order];
  if (tag !== spec.tag || typeof key !== 'string' || !isUuid(id) || !spec.validKey(key)) {
    throw BadUserInputError.field(field, `is not a cursor of a list ordered by ${order}`);
  }
  return { key, id };
}

export function cursorKey(order: InitiativeOrder, row: PageKeyRow): unknown[] {
  return [ORDERS[order].tag, row.sort_key, row.id];
}

/**
 * A page's rows as a connection of the initiatives they name, in the rows' order. A row whose initiative
 * was deleted between the two reads is left out rather than shown as a gap.
 */
export function pageConnection(
  rows: PageKeyRow[],
  byId: Map<string, Initiative>,
  first: number,
  total: number,
  order: InitiativeOrder,
  hasPreviousPage: boolean,
): ConnectionShape<Initiative> {
  const found = rows.filter((row) => byId.has(row.id));
  const keys = new Map(found.map((row) => [row.id, row]));
  return toConnection(
    found.map((row) => byId.get(row.id)!),
    first,
    total,
    (node) => cursorKey(order, keys.get(node.id)!),
    hasPreviousPage,
  );
}
