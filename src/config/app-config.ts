import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import { join } from 'node:path';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  IsUrl,
  isEmail,
  Matches,
  Max,
  MaxLength,
  Min,
  validateSync,
} from 'class-validator';
import { isValidOrgNumber } from '../common/org-number.js';

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' ? true : value === 'false' ? false : value;
/** An empty value counts as unset, as a deployment's environment often writes it. */
const emptyAsUnset = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;

/**
 * The environment variables the server reads. Every one is validated at start; a bad value stops the
 * start with a message that names the variable. The README has the same table for operators.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  /** Comma-separated postgres:// URLs of read replicas (streaming standbys of DATABASE_URL) */
  @IsOptional()
  @IsString()
  DATABASE_REPLICA_URLS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  REPLICA_MAX_LAG_MS?: number;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_DATA?: boolean;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN?: boolean;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_DB_PORT?: number;

  /** At least 2: migrations at start hold one connection for their lock while they run on another. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(200)
  DB_POOL_SIZE?: number;

  /** Pool connections one request may hold at once; the rest of its statements wait for them. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_CONNECTIONS_PER_REQUEST?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  DB_STATEMENT_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  DB_CONNECT_TIMEOUT_MS?: number;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  AUTH_JWKS_URI?: string;

  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  @IsOptional()
  @IsString()
  AUTH_ROLES_CLAIM?: string;

  @IsOptional()
  @IsString()
  AUTH_ORG_CLAIM?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  AUTH_JWKS_TIMEOUT_MS?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  CACHE_MAX_AGE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  RESPONSE_CACHE_TTL?: number;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /**
   * Which peers' X-Forwarded-For is believed (Express's `trust proxy`): `loopback`, `false`, a number of
   * proxy hops, or a comma-separated list of addresses, subnets and the names loopback, linklocal, uniquelocal
   */
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @MaxLength(1000)
  TRUST_PROXY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LIMIT_QUERY_DEPTH?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LIMIT_ALIASES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000000)
  LIMIT_QUERY_COST?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LIMIT_QUERY_STATEMENTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  LIMIT_STATS_MAX_AGE_S?: number;

  /** Characters of a query document (comments included), before it is parsed */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(1000000)
  LIMIT_QUERY_SIZE?: number;

  /** Bytes of an answer (JSON) */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10000)
  @Max(512000000)
  LIMIT_RESPONSE_BYTES?: number;

  /** Bytes of parsed documents and persisted queries kept, their text included */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100000)
  @Max(1000000000)
  DOCUMENT_CACHE_BYTES?: number;

  /** Uncached overviews built at once */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  OVERVIEW_CONCURRENCY?: number;

  /** Overviews one client may have built or waiting at once */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  OVERVIEW_PER_CLIENT?: number;

  /** Overviews that may wait for a place; more are SERVICE_UNAVAILABLE at once */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000)
  OVERVIEW_QUEUE?: number;

  /** How long an overview may wait for a place before it is SERVICE_UNAVAILABLE */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600000)
  OVERVIEW_WAIT_MS?: number;

  /** How long a client address waits before its next request is read, after a refusal for a limit (0: never) */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  REFUSAL_DELAY_MS?: number;

  /** Bytes of anonymous answers kept by the response cache, their keys included */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100000)
  @Max(4000000000)
  RESPONSE_CACHE_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LIMIT_BATCH?: number;

  @IsOptional()
  @IsString()
  LIMIT_BODY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000000)
  RATE_LIMIT_WRITES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000000)
  RATE_LIMIT_READS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_S?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  SHUTDOWN_GRACE_MS?: number;

  /** How much V8 lets its heap grow past what a full collection kept, in percent; 0: V8's own choice */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  HEAP_GROWING_PERCENT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3600000)
  HTTP_REQUEST_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3600000)
  HTTP_HEADERS_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3600000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  HTTP_MAX_CONNECTIONS?: number;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SQL_STATEMENTS_HEADER?: boolean;

  /** Comma-separated origins (https://portal.example.no) whose pages may frame the status pages */
  @IsOptional()
  @IsString()
  EMBED_ORIGINS?: string;

  /** Organisation number of the catalogue's publisher */
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  PUBLISHER_ORG?: string;

  /** Port of the Prometheus endpoint (GET /metrics); unset: no metrics. 0 takes a free port (tests). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  /** Address the metrics endpoint listens on */
  @IsOptional()
  @IsIP()
  METRICS_HOST?: string;

  /** smtp://user:pass@host:587 or smtps://...; unset writes each mail as an .eml file under DATA_DIR/mail */
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true, require_valid_protocol: true })
  SMTP_URL?: string;

  /** How long the SMTP server may take to connect, greet or answer one command */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  SMTP_TIMEOUT_MS?: number;

  /** An address, or a name and an address: `Handlingsplan <noreply@digdir.no>` */
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @MaxLength(300)
  @Matches(/^[^<>\r\n]*<[^<>\s]+>$|^[^<>\s]+$/, { message: 'must be an address or "Name <address>"' })
  MAIL_FROM?: string;

  /** The web address the public reaches this server at: links in e-mails and in the open-data catalogue */
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  /** The directorate's functional mailbox: SUBMITTED notices go there */
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  REVIEWERS_EMAIL?: string;

  /** Days before the due date (negative: after) on which reminders go out, e.g. 14,3,-1,-7 */
  @IsOptional()
  @IsString()
  @Matches(/^\s*-?\d{1,3}\s*(,\s*-?\d{1,3}\s*)*$/, { message: 'must be whole numbers separated by commas' })
  REMINDER_DAYS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  REMINDER_SCAN_S?: number;

  /** The first wait before a failed send is tried again; each later wait is four times the one before */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600000)
  RETRY_BASE_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  MAIL_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_MAX_ATTEMPTS?: number;

  /** Allow http and loopback or private addresses for webhooks (tests, internal networks) */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOKS_ALLOW_PRIVATE?: boolean;

  /** How often an instance's workers look for jobs that another instance queued (its own are taken at once) */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(60000)
  QUEUE_POLL_MS?: number;

  /** How often the queue looks for jobs whose instance died while sending, to hand them to another */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  QUEUE_MAINTENANCE_S?: number;
}

/** The validated, typed configuration the application runs with. */
export class AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  production: boolean;
  port: number;
  /** Set when an external PostgreSQL is used; unset means the embedded server under dataDir. */
  databaseUrl?: string;
  /** Read replicas: anonymous reads go to one that is up and caught up (database/replicas.ts). */
  replicas: { urls: string[]; maxLagMs: number };
  demoData: boolean;
  migrationsRun: boolean;
  dataDir: string;
  embeddedDbPort: number;
  dbPoolSize: number;
  dbConnectionsPerRequest: number;
  dbStatementTimeoutMs: number;
  dbConnectTimeoutMs: number;
  auth: {
    /** Unset: development mode with a local signing key under dataDir. */
    jwksUri?: string;
    issuer: string;
    audience: string;
    rolesClaim: string;
    orgClaim: string;
    /** How long one fetch of the provider's keys may take */
    jwksTimeoutMs: number;
  };
  logLevel: string;
  cacheMaxAge: number;
  responseCacheTtl: number;
  overview: { concurrency: number; perClient: number; queue: number; waitMs: number };
  responseCache: {
    /** Bytes held, keys included */
    maxBytes: number;
    /** Bytes of one answer kept at most (larger ones are served, not kept) */
    maxEntryBytes: number;
  };
  corsOrigins: string[];
  /** Express's `trust proxy`: whose X-Forwarded-For names the client (the read limit, the overview gate's share, logs). */
  trustProxy: false | number | string[];
  limits: {
    queryDepth: number;
    aliases: number;
    queryCost: number;
    /** SQL statements one operation may run (estimated before it runs) */
    queryStatements: number;
    /** How old the plan's list sizes used by the cost may be */
    statsMaxAgeSeconds: number;
    /** Characters of a query document */
    querySize: number;
    /** Bytes of an answer */
    responseBytes: number;
    /** Bytes of parsed documents and persisted queries kept */
    documentCacheBytes: number;
    batch: number;
    body: string;
    /** How long a client address waits before its next request is read, after a refusal for a limit */
    refusalDelayMs: number;
  };
  rateLimit: { writes: number; reads: number; windowSeconds: number };
  shutdownGraceMs: number;
  /** V8's --heap-growing-percent, set by main.ts at start; 0 leaves V8's own (up to four times what is live) */
  heapGrowingPercent: number;
  /** Limits of the HTTP server against slow or idle clients (Node's server timeouts and connection cap). */
  http: {
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
  };
  /** Send `x-sql-statements` (the SQL statements a request ran) on GraphQL answers: for tests and the benchmark. */
  sqlStatementsHeader: boolean;
  /** The status pages, exports and open data (src/publishing). */
  publishing: {
    /** Origins allowed to frame the status pages (CSP frame-ancestors); none: no page may */
    embedOrigins: string[];
    /** PUBLIC_URL without a trailing slash; unset: links are built from the request's host */
    publicUrl?: string;
    /** The open-data catalogue's publisher (dct:publisher) */
    publisherOrg: string;
  };
  /** The Prometheus endpoint, on a port of its own; unset: metrics are off. */
  metrics?: { port: number; host: string };
  /** What the server sends out: e-mail, reminders, webhooks, and their queue (README, Notifications and webhooks). */
  notifications: NotificationsConfig;
}

export interface NotificationsConfig {
  /** Unset: each mail is written as an .eml file under `mailDir` and counted as sent. */
  smtpUrl?: string;
  smtpTimeoutMs: number;
  mailDir: string;
  mailFrom: string;
  /** Without a trailing slash */
  publicUrl: string;
  reviewersEmail?: string;
  /** Days before the due date (negative after), in the order given, without repeats */
  reminderDays: number[];
  reminderScanSeconds: number;
  retryBaseMs: number;
  mailMaxAttempts: number;
  webhookMaxAttempts: number;
  webhooksAllowPrivate: boolean;
  queuePollMs: number;
  queueMaintenanceSeconds: number;
}

export class ConfigError extends Error {}

export const DEV_ISSUER = 'handlingsplan-dev';
export const DEV_AUDIENCE = 'handlingsplan-api';

/** Validates the environment and returns the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, env, { enableImplicitConversion: false });
  const errors = validateSync(vars, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `${e.property}=${JSON.stringify(withoutCredentials(env[e.property]))}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const nodeEnv = vars.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const jwksUri = vars.AUTH_JWKS_URI;
  const problems: string[] = [];
  if (!jwksUri && production) {
    problems.push(
      'AUTH_JWKS_URI is unset: development sign-in (a local signing key) refuses to run with NODE_ENV=production. ' +
        'Set AUTH_JWKS_URI, AUTH_ISSUER and AUTH_AUDIENCE.',
    );
  }
  if (jwksUri && (!vars.AUTH_ISSUER || !vars.AUTH_AUDIENCE)) {
    problems.push(`${!vars.AUTH_ISSUER ? 'AUTH_ISSUER' : 'AUTH_AUDIENCE'} is required when AUTH_JWKS_URI is set`);
  }
  // The embedded cluster lives in the working directory with a local superuser, no backups and no
  // monitoring: fine for a laptop, not for the data of a deployment.
  if (!vars.DATABASE_URL && production) {
    problems.push(
      'DATABASE_URL is unset: the embedded database is for development and refuses to run with NODE_ENV=production. ' +
        'Set DATABASE_URL to the PostgreSQL server to use.',
    );
  }
  const replicaUrls = (vars.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  const badReplica = replicaUrls.find((url) => !/^postgres(ql)?:\/\/[^\s]+$/.test(url));
  if (badReplica !== undefined) {
    problems.push(
      `DATABASE_REPLICA_URLS: ${JSON.stringify(badReplica.replace(/\/\/[^@]*@/, '//…@'))} is not a postgres:// URL`,
    );
  }
  if (replicaUrls.length > 0 && !vars.DATABASE_URL) {
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL: replicas follow an external primary');
  }
  const requestTimeoutMs = vars.HTTP_REQUEST_TIMEOUT_MS ?? 30000;
  const headersTimeoutMs = vars.HTTP_HEADERS_TIMEOUT_MS ?? Math.min(20000, requestTimeoutMs);
  if (headersTimeoutMs > requestTimeoutMs) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS=${JSON.stringify(env.HTTP_HEADERS_TIMEOUT_MS)}: must not be more than ` +
        `HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  const embedOrigins: string[] = [];
  for (const given of (vars.EMBED_ORIGINS ?? '').split(',').map((o) => o.trim())) {
    if (!given) continue;
    const origin = originOf(given);
    if (origin) embedOrigins.push(origin);
    else
      problems.push(
        `EMBED_ORIGINS: ${JSON.stringify(given)} is not an origin: write http(s), the host and a port only, e.g. https://portal.example.no`,
      );
  }
  const publisherOrg = vars.PUBLISHER_ORG ?? DIGDIR_ORG_NUMBER;
  if (!isValidOrgNumber(publisherOrg)) {
    problems.push(`PUBLISHER_ORG=${JSON.stringify(publisherOrg)}: must be a 9-digit organisation number (MOD11)`);
  }
  if (vars.METRICS_PORT !== undefined && vars.METRICS_PORT !== 0 && vars.METRICS_PORT === (vars.PORT ?? 3000)) {
    problems.push(
      `METRICS_PORT=${JSON.stringify(env.METRICS_PORT)}: must not be the public PORT; metrics are served on a port of their own`,
    );
  }
  if (vars.METRICS_HOST !== undefined && vars.METRICS_PORT === undefined) {
    problems.push(`METRICS_HOST=${JSON.stringify(env.METRICS_HOST)}: needs METRICS_PORT (metrics are off without it)`);
  }
  const reminderDays = (vars.REMINDER_DAYS ?? '14,3,-1,-7').split(',').map((d) => Number(d.trim()));
  if (reminderDays.some((d) => Math.abs(d) > 365) || new Set(reminderDays).size !== reminderDays.length) {
    problems.push(`REMINDER_DAYS=${JSON.stringify(env.REMINDER_DAYS)}: each day from -365 to 365, and none twice`);
  }
  if (vars.MAIL_FROM && !isEmail(/<([^>]*)>/.exec(vars.MAIL_FROM)?.[1] ?? vars.MAIL_FROM)) {
    problems.push(`MAIL_FROM=${JSON.stringify(env.MAIL_FROM)}: the address is not an e-mail address`);
  }
  const trustProxy = parseTrustProxy(vars.TRUST_PROXY ?? 'loopback');
  if (trustProxy === undefined) {
    problems.push(
      `TRUST_PROXY=${JSON.stringify(env.TRUST_PROXY)}: must be false, a number of proxy hops (0-10), or addresses, subnets ` +
        'and the names loopback, linklocal, uniquelocal separated by commas',
    );
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  const dataDir = vars.DATA_DIR ?? '.data';
  // One address for both: the catalogue's links and the e-mails' links point at the same public server.
  const publicUrl = vars.PUBLIC_URL?.replace(/\/+$/, '');
  return {
    nodeEnv,
    production,
    port: vars.PORT ?? 3000,
    databaseUrl: vars.DATABASE_URL,
    replicas: { urls: replicaUrls, maxLagMs: vars.REPLICA_MAX_LAG_MS ?? 5000 },
    // The demo loads into the embedded database by default, into an external one only on request.
    demoData: vars.DEMO_DATA ?? !vars.DATABASE_URL,
    migrationsRun: vars.MIGRATIONS_RUN ?? true,
    dataDir,
    embeddedDbPort: vars.EMBEDDED_DB_PORT ?? 54329,
    dbPoolSize: vars.DB_POOL_SIZE ?? 10,
    dbConnectionsPerRequest: Math.min(vars.DB_CONNECTIONS_PER_REQUEST ?? 2, vars.DB_POOL_SIZE ?? 10),
    dbStatementTimeoutMs: vars.DB_STATEMENT_TIMEOUT_MS ?? 15000,
    dbConnectTimeoutMs: vars.DB_CONNECT_TIMEOUT_MS ?? 3000,
    auth: {
      jwksUri,
      issuer: vars.AUTH_ISSUER ?? DEV_ISSUER,
      audience: vars.AUTH_AUDIENCE ?? DEV_AUDIENCE,
      rolesClaim: vars.AUTH_ROLES_CLAIM ?? 'roles',
      orgClaim: vars.AUTH_ORG_CLAIM ?? 'org',
      jwksTimeoutMs: vars.AUTH_JWKS_TIMEOUT_MS ?? 2000,
    },
    logLevel: vars.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    cacheMaxAge: vars.CACHE_MAX_AGE ?? 30,
    responseCacheTtl: vars.RESPONSE_CACHE_TTL ?? 30,
    overview: {
      concurrency: vars.OVERVIEW_CONCURRENCY ?? 2,
      perClient: vars.OVERVIEW_PER_CLIENT ?? 2,
      queue: vars.OVERVIEW_QUEUE ?? 16,
      waitMs: vars.OVERVIEW_WAIT_MS ?? 3000,
    },
    responseCache: {
      maxBytes: vars.RESPONSE_CACHE_BYTES ?? 64 * 1024 * 1024,
      maxEntryBytes: Math.min(
        vars.LIMIT_RESPONSE_BYTES ?? 32 * 1024 * 1024,
        Math.floor((vars.RESPONSE_CACHE_BYTES ?? 64 * 1024 * 1024) / 4),
      ),
    },
    trustProxy: trustProxy ?? false,
    corsOrigins: (vars.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    limits: {
      queryDepth: vars.LIMIT_QUERY_DEPTH ?? 10,
      aliases: vars.LIMIT_ALIASES ?? 100,
      // Two portal overviews of a 5000-initiative plan (about 25,000 each) fit; a hundred do not.
      queryCost: vars.LIMIT_QUERY_COST ?? 100000,
      queryStatements: vars.LIMIT_QUERY_STATEMENTS ?? 100,
      statsMaxAgeSeconds: vars.LIMIT_STATS_MAX_AGE_S ?? 10,
      // The standard introspection query is about 1,500 characters, the portal's page under 1,000.
      querySize: vars.LIMIT_QUERY_SIZE ?? 50000,
      // The portal's overview of a 5000-initiative plan is about 3 MB.
      responseBytes: vars.LIMIT_RESPONSE_BYTES ?? 32 * 1024 * 1024,
      documentCacheBytes: vars.DOCUMENT_CACHE_BYTES ?? 16 * 1024 * 1024,
      batch: vars.LIMIT_BATCH ?? 1,
      body: vars.LIMIT_BODY ?? '1mb',
      // Off in tests, which send refused requests one after another on purpose.
      refusalDelayMs: vars.REFUSAL_DELAY_MS ?? (nodeEnv === 'test' ? 0 : 1000),
    },
    rateLimit: {
      writes: vars.RATE_LIMIT_WRITES ?? 120,
      reads: vars.RATE_LIMIT_READS ?? 100000,
      windowSeconds: vars.RATE_LIMIT_WINDOW_S ?? 60,
    },
    shutdownGraceMs: vars.SHUTDOWN_GRACE_MS ?? 10000,
    heapGrowingPercent: vars.HEAP_GROWING_PERCENT ?? 100,
    http: {
      requestTimeoutMs,
      headersTimeoutMs,
      keepAliveTimeoutMs: vars.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? 5000,
      maxConnections: vars.HTTP_MAX_CONNECTIONS ?? 1000,
    },
    sqlStatementsHeader: vars.SQL_STATEMENTS_HEADER ?? false,
    publishing: {
      embedOrigins,
      publicUrl,
      publisherOrg,
    },
    // Loopback unless told otherwise: what the metrics tell (operation names, traffic) is not for everyone.
    metrics:
      vars.METRICS_PORT === undefined ? undefined : { port: vars.METRICS_PORT, host: vars.METRICS_HOST ?? '127.0.0.1' },
    notifications: {
      smtpUrl: vars.SMTP_URL,
      smtpTimeoutMs: vars.SMTP_TIMEOUT_MS ?? 30000,
      mailDir: join(dataDir, 'mail'),
      mailFrom: vars.MAIL_FROM ?? 'Handlingsplan <handlingsplan@localhost>',
      publicUrl: publicUrl ?? `http://localhost:${vars.PORT ?? 3000}`,
      reviewersEmail: vars.REVIEWERS_EMAIL,
      reminderDays,
      reminderScanSeconds: vars.REMINDER_SCAN_S ?? 600,
      retryBaseMs: vars.RETRY_BASE_MS ?? 10000,
      mailMaxAttempts: vars.MAIL_MAX_ATTEMPTS ?? 6,
      webhookMaxAttempts: vars.WEBHOOK_MAX_ATTEMPTS ?? 8,
      webhooksAllowPrivate: vars.WEBHOOKS_ALLOW_PRIVATE ?? false,
      queuePollMs: vars.QUEUE_POLL_MS ?? 2000,
      queueMaintenanceSeconds: vars.QUEUE_MAINTENANCE_S ?? 60,
    },
  };
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY as Express takes it, or undefined when it is not valid. `true` (believe everyone) is not
 * offered: any client could then choose its own address and escape the per-address limits.
 */
export function parseTrustProxy(value: string): false | number | string[] | undefined {
  const text = value.trim();
  if (text === 'false') return false;
  if (/^\d{1,2}$/.test(text)) return Number(text) <= 10 ? Number(text) : undefined;
  const entries = text.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    if (PROXY_NAMES.has(entry)) return true;
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  return valid && entries.length > 0 ? entries : undefined;
}

/** Digitaliseringsdirektoratet, the publisher of «Én digital offentlig sektor»'s open data. */
const DIGDIR_ORG_NUMBER = '991825827';

/**
 * The origin as CSP frame-ancestors takes it (https://host[:port], lower case, no default port), or null for
 * anything else: a path, query, user, wildcard or another scheme is refused rather than cut off, so that a
 * typo cannot quietly widen or narrow what may frame the pages.
 */
function originOf(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const bare = !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash;
  // A host of letters, digits, dots and hyphens (CSP's `*.` for subdomains allowed): nothing that could end
  // the directive or the header.
  const host = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(url.hostname) || /^\[[0-9a-f:.]+\]$/.test(url.hostname);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !bare || !host || /[/?#]$/.test(value)) return null;
  return url.origin;
}

/** A value as it may be printed: the user and password of a URL (SMTP_URL, DATABASE_URL) left out. */
export function withoutCredentials(value: string | undefined): string | undefined {
  return value?.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}
