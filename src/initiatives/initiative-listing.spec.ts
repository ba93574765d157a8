import { encodeCursor } from '../common/pagination/index.js';
import { BadUserInputError } from '../common/errors/index.js';
import { InitiativeOrder } from './dto/initiative-filter.input.js';
import { SqlParams } from '../database/sql.js';
import { cursorKey, filterConditions, readCursor, searchText } from './initiative-listing.js';

const ID = '5c4949ab-dd7b-46ca-88ae-7658c91679a9';

describe('searchText', () => {
  it('treats blank as no search and keeps any other text as a parameter', () => {
    expect(searchText(undefined)).toBeNull();
    expect(searchText('  \t ')).toBeNull();
    expect(searchText(` "tjeneste" & 'x' `)).toBe(`"tjeneste" & 'x'`);
  });
  it('turns control characters (NUL is an error in PostgreSQL) into spaces', () => {
    expect(searchText('a\u0000b\u001fc')).toBe('a b c');
    expect(searchText('\u0000')).toBeNull();
  });
  it('refuses more than 500 characters, naming filter.search', () => {
    expect(searchText('a'.repeat(500))).toHaveLength(500);
    expect(() => searchText('a'.repeat(501))).toThrow(BadUserInputError);
  });
});

describe('cursors', () => {
  it('round-trip the sort key and id of each order', () => {
    for (const [order, key] of [
      [InitiativeOrder.CODE, '1.10'],
      [InitiativeOrder.TITLE, 'Åpning'],
      [InitiativeOrder.UPDATED_AT, '2024-06-01T12:00:00.123456Z'],
    ] as const) {
      const cursor = encodeCursor(cursorKey(order, { id: ID, sort_key: key }));
      expect(readCursor(cursor, order)).toEqual({ key, id: ID });
    }
  });
  it('refuse a cursor of another order, a malformed id or a bad instant', () => {
    const code = encodeCursor(cursorKey(InitiativeOrder.CODE, { id: ID, sort_key: '1.1' }));
    expect(() => readCursor(code, InitiativeOrder.TITLE)).toThrow(BadUserInputError);
    expect(() => readCursor(encodeCursor(['c', '1.1', 'x']), InitiativeOrder.CODE)).toThrow(BadUserInputError);
    expect(() => readCursor(encodeCursor(['u', 'yesterday', ID]), InitiativeOrder.UPDATED_AT)).toThrow(
      BadUserInputError,
    );
    for (const impossible of [
      '2024-02-30T12:00:00.000000Z',
      '2024-06-01T24:00:00.000000Z',
      '0000-01-01T00:00:00.000000Z',
    ]) {
      expect(() => readCursor(encodeCursor(['u', impossible, ID]), InitiativeOrder.UPDATED_AT)).toThrow(
        BadUserInputError,
      );
    }
    expect(readCursor(encodeCursor(['u', '2024-02-29T23:59:59.999999Z', ID]), InitiativeOrder.UPDATED_AT)).toEqual({
      key: '2024-02-29T23:59:59.999999Z',
      id: ID,
    });
    expect(() => readCursor('%%%', InitiativeOrder.CODE)).toThrow(BadUserInputError);
  });
});

describe('filterConditions', () => {
  it('puts every value in a parameter, never in the SQL text', () => {
    const p = new SqlParams();
    const hostile = "x'); DROP TABLE initiative; --";
    const sql = filterConditions({ strategy: hostile, goalId: ID, lifecycle: [], search: hostile }, p)!.join(' AND ');
    expect(sql).not.toContain('DROP');
    expect(p.values).toEqual([hostile, ID, hostile]);
  });
  it('matches nothing for an id that is not a UUID', () => {
    expect(filterConditions({ organizationId: 'nope' }, new SqlParams())).toBeNull();
  });
});
