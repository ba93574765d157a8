import { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { BadUserInputError } from '../errors/index.js';
import { isUuid } from '../uuid.js';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Makes the `XConnection` and `XEdge` object types of a Relay connection over `node`. */
export function Connection<T>(node: Type<T>, name: string = node.name): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: number;
  }
  return ConnectionType as unknown as Type<ConnectionShape<T>>;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `first` defaults to 50; from 0 to 200, anything else is BAD_USER_INPUT naming `first`. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw BadUserInputError.field(field, `must be from 0 to ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/**
 * Cursors are opaque to callers: base64url JSON of the sort key of the row, so a cursor stays valid while
 * rows are added or removed (keyset pagination, never OFFSET).
 */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | null | undefined,
  length: number,
  field = 'after',
): unknown[] | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  try {
    if (cursor.length > 2000) throw new Error('too long');
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === length &&
      key.every((v) => v === null || ['string', 'number'].includes(typeof v))
    ) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw BadUserInputError.field(field, 'is not a cursor from this list');
}

const MICROSECOND_INSTANT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * A timestamp key of a cursor: an instant in UTC to the microsecond, as PostgreSQL's to_char writes it
 * (a JavaScript Date would lose the microseconds), and a real one: 2024-02-30 or 25:00 would make
 * PostgreSQL fail the statement instead of the cursor being refused.
 */
export function isMicrosecondInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = MICROSECOND_INSTANT.exec(value);
  if (!match || Number(match[1]) < 1) return false;
  const date = new Date(`${value.slice(0, 23)}Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19);
}

/**
 * Builds a connection from rows fetched with LIMIT first + 1 in the order of `keyOf`.
 */
export function toConnection<T>(
  rows: T[],
  first: number,
  totalCount: number,
  keyOf: (row: T) => unknown[],
  hasPreviousPage: boolean,
): ConnectionShape<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** A row of a list ordered by a time (as PostgreSQL writes it, to the microsecond) and then its id. */
export interface TimedRow<T extends { id: string }> {
  node: T;
  /** The row's time as to_char wrote it (isMicrosecondInstant); null sorts last */
  cursorAt: string | null;
}

/**
 * One page of a list ordered by time and id (the review queue, the notifications): `read` gets the decoded
 * `after` cursor, or BAD_USER_INPUT naming `after` is thrown for a cursor of another list, and fetches
 * LIMIT `limit` (one more than the page, to know whether another follows).
 */
export async function timedPage<T extends { id: string }>(
  first: number | null | undefined,
  after: string | null | undefined,
  read: (cursor: [string, string] | null, limit: number) => Promise<{ rows: TimedRow<T>[]; total: number }>,
): Promise<ConnectionShape<T>> {
  const size = pageSize(first);
  const cursor = decodeCursor(after, 2);
  if (cursor && (!isMicrosecondInstant(cursor[0]) || !isUuid(cursor[1]))) {
    throw BadUserInputError.field('after', 'is not a cursor from this list');
  }
  const page = await read((cursor as [string, string] | undefined) ?? null, size + 1);
  const cursors = new Map(page.rows.map((row) => [row.node.id, row.cursorAt]));
  return toConnection(
    page.rows.map((row) => row.node),
    size,
    page.total,
    (node) => [cursors.get(node.id) ?? null, node.id],
    !!cursor,
  );
}
