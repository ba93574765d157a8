import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDatabaseOn } from './pg-process.js';
import { loadDevKeyForTests, tokenFor, TokenOptions } from './tokens.js';
import { createApp } from '../../src/bootstrap.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataOf, Operation, querySource, VariablesOfOperation } from '../graphql/graphql.js';
import { sqlStatements } from './raw-http.js';

export { querySource };
export type { DataOf, Operation, VariablesOfOperation };

export interface GraphQLResponse<T = unknown> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; fieldErrors?: { field: string; message: string }[]; [k: string]: unknown };
  }[];
}

type Auth = string | TokenOptions;
/** Variables and token: variables typed for a document, and required when the operation has a required variable. */
export type OperationArgs<O extends Operation> =
  Record<string, never> extends VariablesOfOperation<O>
    ? [variables?: VariablesOfOperation<O>, token?: Auth]
    : [variables: VariablesOfOperation<O>, token?: Auth];

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  databaseUrl: string;
  dataSource: DataSource;
  config: AppConfig;
  /** POSTs a GraphQL operation; `token` is a bearer token or token options */
  gql<O extends Operation>(operation: O, ...args: OperationArgs<O>): Promise<GraphQLResponse<DataOf<O>>>;
  /** Like gql, but fails the test on any error and returns data */
  ok<O extends Operation>(operation: O, ...args: OperationArgs<O>): Promise<DataOf<O>>;
  /** Like ok, with how many SQL statements the request ran (x-sql-statements, on in tests) */
  statements<O extends Operation>(operation: O, ...args: OperationArgs<O>): Promise<{ count: number; data: DataOf<O> }>;
  token(options: TokenOptions): Promise<string>;
  /** Runs SQL directly, for checking what was (not) written */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

let counter = 0;

/** A fresh database on the shared test server, with the migrations applied (never synchronize). */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`');
  return createDatabaseOn(adminUrl, `t_${process.pid}_${Date.now().toString(36)}_${counter++}`);
}

export interface TestAppOptions {
  /** Load the demo data set */
  demo?: boolean;
  /** Extra environment variables for loadConfig */
  env?: Record<string, string>;
  /** Reuse a database (e.g. a second instance on the same database) */
  databaseUrl?: string;
  /** Reuse a data directory (so tokens signed for one instance work on the other) */
  dataDir?: string;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const dataDir = options.dataDir ?? mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    DEMO_DATA: options.demo ? 'true' : 'false',
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'silent',
    DB_CONNECT_TIMEOUT_MS: '20000',
    // The tests count the SQL statements of requests.
    SQL_STATEMENTS_HEADER: 'true',
    ...options.env,
  });
  const { app, dataSource } = await createApp(config, databaseUrl);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as import('node:net').AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  const jwk = await loadDevKeyForTests(dataDir);
  const token = (opts: TokenOptions) => tokenFor(jwk, opts);

  const gql = async <O extends Operation>(
    operation: O,
    ...[variables, auth]: OperationArgs<O>
  ): Promise<GraphQLResponse<DataOf<O>>> => {
    type T = DataOf<O>;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth) headers.authorization = `Bearer ${typeof auth === 'string' ? auth : await token(auth)}`;
    const request = JSON.stringify({ query: querySource(operation), variables });
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: request });
    const text = await res.text();
    let body: { data?: T; errors?: GraphQLResponse['errors'] };
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: `Not JSON (${res.status}): ${text.slice(0, 200)}` }] };
    }
    return { status: res.status, headers: res.headers, data: body.data ?? undefined, errors: body.errors };
  };

  return {
    app,
    url,
    databaseUrl,
    dataSource,
    config,
    gql,
    async ok(operation, ...args) {
      const res = await gql(operation, ...args);
      if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
      return res.data as DataOf<typeof operation>;
    },
    async statements(operation, ...args) {
      const res = await gql(operation, ...args);
      if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
      return { count: sqlStatements(res), data: res.data as DataOf<typeof operation> };
    },
    token,
    sql: (text, params) => dataSource.query(text, params),
    close: () => app.close(),
  };
}

/** The error codes of a response, for `expect(codes(res)).toEqual(['FORBIDDEN'])` */
export function codes(res: GraphQLResponse): (string | undefined)[] {
  return (res.errors ?? []).map((e) => e.extensions?.code);
}

/** The fields named in BAD_USER_INPUT errors of a response */
export function fields(res: GraphQLResponse): string[] {
  return (res.errors ?? []).flatMap((e) => (e.extensions?.fieldErrors ?? []).map((f) => f.field));
}
