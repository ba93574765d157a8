/** Label values that are ours, not a client's operation name. */
export const ANONYMOUS = 'anonymous';
export const OTHER = 'other';

const LABEL = /^[A-Za-z0-9_]{1,64}$/;

/**
 * The `operation` label: the operation name as sent when it is made of [A-Za-z0-9_] and at most 64
 * characters, `other` otherwise, `anonymous` without one. `known` holds the names seen so far; past
 * `max` of them a new name is `other` too, since every name is a series of its own and clients choose them.
 */
export function operationLabel(name: string | null | undefined, known: Set<string>, max: number): string {
  if (name === undefined || name === null || name === '') return ANONYMOUS;
  if (!LABEL.test(name)) return OTHER;
  if (known.has(name)) return name;
  if (known.size >= max) return OTHER;
  known.add(name);
  return name;
}

/** The `outcome` label: `ok`, or the answer's first error code (ours, so a bounded set). */
export function outcomeLabel(code: unknown): string {
  if (code === undefined || code === null) return 'ok';
  return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'INTERNAL_SERVER_ERROR';
}

/** The code an answer refused before GraphQL ran carries, from its HTTP status (src/hardening's guards). */
export function outcomeOfStatus(status: number): string {
  if (status < 400) return 'ok';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  if (status < 500) return 'BAD_USER_INPUT';
  return 'INTERNAL_SERVER_ERROR';
}

const IGNORED = /[\s,\ufeff]/;
const NAME_START = /[_A-Za-z]/;
const NAME_CONTINUE = /[_0-9A-Za-z]/;

/**
 * The name of the first operation in a query document, read without parsing it (for answers that GraphQL
 * never saw: those from the response cache and the refusals): its first tokens, skipping whitespace,
 * commas and comments as GraphQL does. Undefined for a shorthand query (`{ ... }`) or anything else.
 */
export function operationNameInDocument(query: unknown): string | undefined {
  if (typeof query !== 'string') return undefined;
  let i = 0;
  const skipIgnored = () => {
    while (i < query.length) {
      if (IGNORED.test(query[i])) i += 1;
      else if (query[i] === '#') while (i < query.length && query[i] !== '\n' && query[i] !== '\r') i += 1;
      else return;
    }
  };
  const name = () => {
    if (i >= query.length || !NAME_START.test(query[i])) return undefined;
    const start = i;
    // Past the longest label there is nothing to gain from reading on.
    while (i < query.length && i - start <= 64 && NAME_CONTINUE.test(query[i])) i += 1;
    return query.slice(start, i);
  };
  skipIgnored();
  const keyword = name();
  if (keyword !== 'query' && keyword !== 'mutation' && keyword !== 'subscription') return undefined;
  skipIgnored();
  return name();
}
