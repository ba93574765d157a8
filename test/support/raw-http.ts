/**
 * Plain HTTP helpers for tests that need more than `t.gql`: raw bodies, arbitrary headers, GET requests,
 * batches, and the SQL statement count a request ran.
 */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON */
  json: any;
}

export async function rawRequest(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** POSTs `body` (a string is sent as is, anything else as JSON) to `${base}/graphql`. */
export function postRaw(base: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** SQL statements the request ran, from the X-SQL-Statements header; 0 when the header is absent. */
export function sqlStatements(res: { headers: Headers }): number {
  return Number(res.headers.get('x-sql-statements') ?? 0);
}

/** The error codes of a raw GraphQL answer */
export function rawCodes(res: RawResponse): (string | undefined)[] {
  return (res.json?.errors ?? []).map((e: any) => e.extensions?.code);
}
