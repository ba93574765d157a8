import { createHash } from 'node:crypto';
import { graphql } from './graphql/graphql.js';
import { insertPlan } from './support/plan-fixtures.js';
import { postRaw, rawCodes, rawRequest, RawResponse } from './support/raw-http.js';
import { createTestApp, fields, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

/**
 * A client's mistake is answered as one: a 4xx or a GraphQL error whose code says what was wrong, never a
 * 5xx or INTERNAL_SERVER_ERROR.
 */
describe("a client's mistakes", () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token({ role: Role.ADMIN });
  });
  afterAll(() => t.close());

  const bearer = () => ({ authorization: `Bearer ${admin}` });
  const refusedAsInput = (res: RawResponse) => {
    expect({ status: res.status, codes: rawCodes(res) }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
  };

  describe('variables nested deeper than any input', () => {
    /** JSON text nested `depth` levels deep, written by hand: JSON.stringify would overflow the stack itself. */
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const body = (depth: number) =>
      `{"query":"query($x: JSON) { strategies { slug } }","variables":{"x":${nested(depth)}}}`;

    it.each([
      ['anonymous', {}],
      ['signed in', { signedIn: true }],
    ])('are refused with 400 BAD_USER_INPUT (POST, %s)', async (_who, { signedIn }: { signedIn?: boolean }) => {
      for (const depth of [10_000, 100]) {
        const res = await postRaw(t.url, body(depth), signedIn ? bearer() : {});
        refusedAsInput(res);
        expect(res.json.errors[0].extensions.fieldErrors).toEqual([
          { field: 'variables', message: expect.any(String) },
        ]);
      }
    });

    it('are refused with 400 BAD_USER_INPUT in a GET query string and in a batch', async () => {
      const get = await rawRequest(
        `${t.url}/graphql?query=${encodeURIComponent('{ strategies { slug } }')}&variables=${encodeURIComponent(`{"x":${'['.repeat(2000)}${']'.repeat(2000)}}`)}`,
      );
      refusedAsInput(get);
      refusedAsInput(await postRaw(t.url, `[${body(10_000)}]`));
    });

    it('are refused in the extensions too', async () => {
      refusedAsInput(await postRaw(t.url, `{"query":"{ strategies { slug } }","extensions":{"x":${nested(10_000)}}}`));
    });

    it('still take the nesting real inputs need', async () => {
      // Objects and lists ten levels deep, more than any input of the schema has.
      const res = await postRaw(
        t.url,
        {
          query: 'query($x: JSON) { strategies { slug } }',
          variables: { x: { a: [{ b: { c: [[[[1]]]] } }] } },
        },
        bearer(),
      );
      // Refused for the unused variable, not for its nesting.
      expect(res.json.errors[0].message).toMatch(/never used/);
    });
  });

  describe('an operation that cannot be picked', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['an operationName that is not in the document', { query: '{ strategies { slug } }', operationName: 'Nope' }],
      [
        'two operations without an operationName',
        { query: 'query A { strategies { slug } } query B { me { subject } }' },
      ],
    ];

    it.each(cases)('is 400 BAD_USER_INPUT for an anonymous POST: %s', async (_name, body) => {
      refusedAsInput(await postRaw(t.url, body));
    });

    it.each(cases)('is 400 BAD_USER_INPUT for a signed-in POST: %s', async (_name, body) => {
      refusedAsInput(await postRaw(t.url, body, bearer()));
    });

    it.each(cases)('is 400 BAD_USER_INPUT for an anonymous GET: %s', async (_name, body) => {
      const params = new URLSearchParams(body as Record<string, string>);
      refusedAsInput(await rawRequest(`${t.url}/graphql?${params}`));
    });
  });

  describe('operation types the schema does not have', () => {
    it.each(['subscription { x }', 'subscription { strategies { slug } }', 'subscription S { me { subject } }'])(
      '%s is 400 BAD_USER_INPUT',
      async (query) => {
        refusedAsInput(await postRaw(t.url, { query }));
        refusedAsInput(await postRaw(t.url, { query }, bearer()));
      },
    );
  });

  describe('persisted queries', () => {
    const query = '{ strategies { slug } }';
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

    it('a hash that does not match the query is 400 BAD_USER_INPUT', async () => {
      for (const sha256Hash of ['abc', sha256('{ organizations { name } }')]) {
        refusedAsInput(await postRaw(t.url, { query, extensions: { persistedQuery: { version: 1, sha256Hash } } }));
      }
    });

    it('an unknown version is 400 BAD_USER_INPUT', async () => {
      for (const version of [2, 0, 'x']) {
        refusedAsInput(
          await postRaw(t.url, { query, extensions: { persistedQuery: { version, sha256Hash: sha256(query) } } }),
        );
      }
    });

    it('a hash the server does not know keeps the message APQ clients look for, then the query registers', async () => {
      const sha256Hash = sha256(query);
      const unknown = await postRaw(t.url, { extensions: { persistedQuery: { version: 1, sha256Hash } } });
      expect(unknown.json.errors[0].message).toBe('PersistedQueryNotFound');
      expect(rawCodes(unknown)).toEqual(['BAD_USER_INPUT']);
      const registered = await postRaw(t.url, { query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
      expect(registered.status).toBe(200);
      expect(registered.json.errors).toBeUndefined();
    });
  });

  describe('searches that PostgreSQL cannot parse', () => {
    const SEARCH = graphql('query SearchCount($s: String) { initiatives(filter: { search: $s }) { totalCount } }');

    beforeAll(async () => {
      await insertPlan(t, { goals: 1, agencies: 1, initiatives: 2 });
    });

    /** Answered, or refused as BAD_USER_INPUT naming filter.search; never anything else. */
    async function answeredOrRefused(search: string): Promise<'answered' | 'refused'> {
      const res = await t.gql(SEARCH, { s: search });
      if (!res.errors) {
        expect(typeof res.data!.initiatives.totalCount).toBe('number');
        return 'answered';
      }
      expect({ search, codes: res.errors.map((e) => e.extensions?.code), fields: fields(res) }).toEqual({
        search,
        codes: ['BAD_USER_INPUT'],
        fields: ['filter.search'],
      });
      return 'refused';
    }

    it.each([
      ['33 minus signs', '-'.repeat(33)],
      ['40 minus signs before a word', `${'-'.repeat(40)}tjeneste`],
      ['minus signs between words', `digital ${'-'.repeat(40)}tjeneste`],
      ['minus signs with spaces between', '- '.repeat(40)],
      ['minus signs with brackets between', '-('.repeat(40)],
      ['minus signs after an or', `a or b ${'-'.repeat(31)}c`],
    ])('%s: BAD_USER_INPUT naming filter.search', async (_name, search) => {
      expect(await answeredOrRefused(search)).toBe('refused');
    });

    it('answers what people type: a few minus signs, or, phrases', async () => {
      for (const search of ['-tjeneste', 'digital --tjeneste', '"én digital" or -papir', 'e-post', 'a - b', '---']) {
        expect(await answeredOrRefused(search)).toBe('answered');
      }
    });

    it('answers or refuses every text made of the operators and words of the web-search syntax', async () => {
      const pieces = [
        '-',
        ' ',
        '  ',
        'a',
        'or',
        '"',
        '!',
        '&',
        '|',
        '(',
        ')',
        '<->',
        '<',
        ':*',
        "'",
        '-a',
        'æøå',
        '👍🏽',
      ];
      let seed = 7;
      const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      const outcomes = { answered: 0, refused: 0 };
      for (let i = 0; i < 300; i++) {
        let search = '';
        // Runs of one piece make the operators pile up, as a hostile caller would.
        while (search.length < 20 + next() * 480) {
          const piece = pieces[Math.floor(next() * pieces.length)];
          search += piece.repeat(next() < 0.2 ? 1 + Math.floor(next() * 40) : 1);
        }
        outcomes[await answeredOrRefused(search.slice(0, 500))] += 1;
      }
      expect(outcomes.answered).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    });
  });

  describe('dates outside 1990-01-01..2100-12-31', () => {
    const ADD =
      'mutation($id: ID!, $input: DeliveryInput!) { addDelivery(initiativeId: $id, input: $input) { dueDate } }';
    let initiativeId: string;
    beforeAll(async () => {
      initiativeId = (await insertPlan(t, { goals: 1, agencies: 1, initiatives: 1 })).initiativeIds[0];
    });
    const deliveries = async () => (await t.sql(`SELECT count(*)::int AS n FROM delivery`))[0].n;

    it.each(['0100-01-01', '1989-12-31', '2101-01-01', '9999-12-31'])(
      'refuses %s as BAD_USER_INPUT naming the field, in a variable and in the query text',
      async (date) => {
        const before = await deliveries();
        const inVariable = await postRaw(
          t.url,
          { query: ADD, variables: { id: initiativeId, input: { title: 'Leveranse', dueDate: date } } },
          bearer(),
        );
        refusedAsInput(inVariable);
        expect(inVariable.json.errors[0].extensions.fieldErrors).toEqual([
          { field: 'input.dueDate', message: expect.stringContaining('1990-01-01') },
        ]);
        const inline = await postRaw(
          t.url,
          {
            query: `mutation($id: ID!) { addDelivery(initiativeId: $id, input: { title: "L", dueDate: "${date}" }) { dueDate } }`,
            variables: { id: initiativeId },
          },
          bearer(),
        );
        refusedAsInput(inline);
        expect(inline.json.errors[0].message).toContain('1990-01-01');
        expect(await deliveries()).toBe(before);
      },
    );

    it('takes the first and the last day of the range', async () => {
      for (const date of ['1990-01-01', '2100-12-31']) {
        const res = await postRaw(
          t.url,
          { query: ADD, variables: { id: initiativeId, input: { title: 'Leveranse', dueDate: date } } },
          bearer(),
        );
        expect(res.json).toEqual({ data: { addDelivery: { dueDate: date } } });
      }
    });
  });
});
