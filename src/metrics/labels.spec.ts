import { operationLabel, operationNameInDocument, outcomeLabel, outcomeOfStatus } from './labels.js';

describe('operationLabel', () => {
  it('keeps names of [A-Za-z0-9_] up to 64 characters; others are other, none is anonymous', () => {
    const known = new Set<string>();
    expect(operationLabel('StatusOverview', known, 10)).toBe('StatusOverview');
    expect(operationLabel('a'.repeat(64), known, 10)).toBe('a'.repeat(64));
    expect(operationLabel('a'.repeat(65), known, 10)).toBe('other');
    expect(operationLabel('with-dash', known, 10)).toBe('other');
    expect(operationLabel('Æøå', known, 10)).toBe('other');
    expect(operationLabel('x{y="1"}', known, 10)).toBe('other');
    expect(operationLabel(undefined, known, 10)).toBe('anonymous');
    expect(operationLabel(null, known, 10)).toBe('anonymous');
    expect(operationLabel('', known, 10)).toBe('anonymous');
  });

  it('keeps at most `max` distinct names; later new ones are other, known ones stay', () => {
    const known = new Set<string>();
    expect(['A', 'B', 'C'].map((n) => operationLabel(n, known, 2))).toEqual(['A', 'B', 'other']);
    expect(operationLabel('A', known, 2)).toBe('A');
    expect(known.size).toBe(2);
  });
});

describe('outcomeLabel and outcomeOfStatus', () => {
  it('is ok without an error, the code with one, and never a free-form string', () => {
    expect(outcomeLabel(undefined)).toBe('ok');
    expect(outcomeLabel('NOT_FOUND')).toBe('NOT_FOUND');
    expect(outcomeLabel('not a code')).toBe('INTERNAL_SERVER_ERROR');
    expect(outcomeLabel(42)).toBe('INTERNAL_SERVER_ERROR');
  });

  it('maps the statuses of the refusals before GraphQL to their codes', () => {
    expect([200, 304, 400, 413, 429, 503, 500].map(outcomeOfStatus)).toEqual([
      'ok',
      'ok',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'RATE_LIMITED',
      'SERVICE_UNAVAILABLE',
      'INTERNAL_SERVER_ERROR',
    ]);
  });
});

describe('operationNameInDocument', () => {
  it('reads the first operation name, past whitespace, commas and comments', () => {
    expect(operationNameInDocument('query Portal { a }')).toBe('Portal');
    expect(operationNameInDocument('\ufeff  # a comment\n ,mutation\n# another\r\n  Save_2($x: Int) { a }')).toBe(
      'Save_2',
    );
    expect(operationNameInDocument('query{ a }')).toBeUndefined();
    expect(operationNameInDocument('{ a }')).toBeUndefined();
    expect(operationNameInDocument('fragment F on Q { a } query Later { ...F }')).toBeUndefined();
    expect(operationNameInDocument('querying Foo')).toBeUndefined();
    expect(operationNameInDocument(undefined)).toBeUndefined();
    expect(operationNameInDocument(`query ${'x'.repeat(10000)} { a }`)).toHaveLength(65);
  });
});
