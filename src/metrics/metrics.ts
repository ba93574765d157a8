import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { RESPONSE_CACHE_HEADER } from '../cache/representations.js';
import { AppConfig } from '../config/app-config.js';
import { operationLabel, operationNameInDocument, outcomeOfStatus } from './labels.js';

/** What happened to a job of a queue (jobs_total{queue,state}). */
export type JobState = 'queued' | 'sent' | 'failed';

/** What the pool gauges read of a pg Pool, at scrape time. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** One operation of a GraphQL request, as MetricsPlugin saw it answered. */
export interface OperationRecord {
  operation: string | null | undefined;
  outcome: string;
}

interface RequestRecord {
  operations: { operation: string; outcome: string }[];
  /** The request's SQL statements (requestTally), when GraphQL ran */
  statements?: number;
}

const GRAPHQL_PATHS = new Set(['/graphql', '/graphql/']);
/** Distinct operation names kept as labels; later new names count as `other`. */
const MAX_OPERATION_NAMES = 500;
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STATEMENT_BUCKETS = [0, 1, 2, 3, 5, 10, 20, 50, 100, 200];

/**
 * The Prometheus metrics of this instance, in a registry of its own (two applications in one process do not
 * share one), served as text at `GET /metrics` on METRICS_PORT by a small HTTP server of its own, started
 * with the application and closed with it (after the public server has drained, so a scrape still works
 * while it does). Off when METRICS_PORT is unset: nothing is recorded per request and nothing listens.
 *
 * GraphQL requests are timed and counted from the first middleware to the last byte (`httpMiddleware`,
 * installed in bootstrap.ts before the guards), so answers that never reach GraphQL count too: those of the
 * response cache and the refusals of src/hardening. MetricsPlugin adds what GraphQL knows: each operation's
 * name and first error code, and the request's SQL statements. The response cache's hits and misses are its
 * `x-response-cache` header.
 *
 * For other modules: `setReplicaLag` (the replica monitor), `jobs` (the job queue), `watchPool` (a pool
 * besides the primary's, which is watched from the start).
 */
@Injectable()
export class Metrics implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly registry = new Registry();
  readonly enabled: boolean;
  private readonly logger = new Logger('Metrics');
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation'>;
  private readonly statements: Histogram;
  private readonly cacheHits: Counter;
  private readonly cacheMisses: Counter;
  private readonly poolConnections: Gauge<'pool' | 'state'>;
  private readonly replicaLag: Gauge<'replica'>;
  private readonly jobCounts: Counter<'queue' | 'state'>;
  private readonly pools = new Map<string, PoolCounts>();
  private readonly operationNames = new Set<string>();
  private readonly records = new WeakMap<object, RequestRecord>();
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.enabled = config.metrics !== undefined;
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL operations answered, by operation name and outcome (ok or the first error code)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from a GraphQL request coming in to its answer sent, by operation name',
      labelNames: ['operation'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.statements = new Histogram({
      name: 'sql_statements_per_request',
      help: 'SQL statements one GraphQL request ran',
      buckets: STATEMENT_BUCKETS,
      registers,
    });
    this.cacheHits = new Counter({
      name: 'response_cache_hits_total',
      help: 'Anonymous queries answered from the response cache',
      registers,
    });
    this.cacheMisses = new Counter({
      name: 'response_cache_misses_total',
      help: 'Anonymous queries the response cache could have answered but did not hold',
      registers,
    });
    const pools = this.pools;
    this.poolConnections = new Gauge({
      name: 'db_pool_connections',
      help: 'Connections of a database pool: in use, idle, and requests waiting for one',
      labelNames: ['pool', 'state'],
      registers,
      collect() {
        for (const [pool, counts] of pools) {
          this.set({ pool, state: 'in_use' }, counts.totalCount - counts.idleCount);
          this.set({ pool, state: 'idle' }, counts.idleCount);
          this.set({ pool, state: 'waiting' }, counts.waitingCount);
        }
      },
    });
    this.replicaLag = new Gauge({
      name: 'db_replica_lag_seconds',
      help: 'How far a read replica is behind the primary, as last measured',
      labelNames: ['replica'],
      registers,
    });
    this.jobCounts = new Counter({
      name: 'jobs_total',
      help: 'Jobs of a queue by what happened to them (queued, sent, failed)',
      labelNames: ['queue', 'state'],
      registers,
    });
    // Process, heap, GC and event-loop lag (nodejs_eventloop_lag_seconds), all read at scrape time.
    if (this.enabled) collectDefaultMetrics({ register: this.registry });
    const primary = (dataSource.driver as unknown as { master?: PoolCounts }).master;
    if (primary) this.watchPool('primary', primary);
  }

  /** The port the metrics endpoint listens on (the one chosen when METRICS_PORT is 0); undefined when off. */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
  }

  /** Reports a pool's connections as db_pool_connections{pool=name}; undefined stops reporting it. */
  watchPool(name: string, pool: PoolCounts | undefined): void {
    if (pool) {
      this.pools.set(name, pool);
      return;
    }
    this.pools.delete(name);
    for (const state of ['in_use', 'idle', 'waiting']) this.poolConnections.remove({ pool: name, state });
  }

  /**
   * Sets db_replica_lag_seconds{replica=name}, for the replica monitor to call after each measurement;
   * undefined (the replica is down, its lag unknown) removes the series rather than leave a stale value.
   */
  setReplicaLag(replica: string, seconds: number | undefined): void {
    if (seconds === undefined || !Number.isFinite(seconds)) this.replicaLag.remove({ replica });
    else this.replicaLag.set({ replica }, seconds);
  }

  /** Counts `count` jobs of `queue` that were queued, sent or failed (jobs_total{queue,state}). */
  jobs(queue: string, state: JobState, count = 1): void {
    if (count > 0) this.jobCounts.inc({ queue, state }, count);
  }

  /**
   * Times and counts GraphQL requests from their first byte to their last. Installed first (bootstrap.ts)
   * when metrics are on.
   */
  readonly httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!GRAPHQL_PATHS.has(req.path)) return next();
    const started = process.hrtime.bigint();
    const record: RequestRecord = { operations: [] };
    this.records.set(res, record);
    res.once('close', () => this.finish(req, res, record, Number(process.hrtime.bigint() - started) / 1e9));
    next();
  };

  /** Called by MetricsPlugin when GraphQL answers an operation of the request `res` answers. */
  recordOperation(res: object, { operation, outcome }: OperationRecord, statements: number | undefined): void {
    const record = this.records.get(res);
    if (!record) return;
    record.operations.push({ operation: this.operationLabel(operation), outcome });
    if (statements !== undefined) record.statements = Math.max(record.statements ?? 0, statements);
  }

  private operationLabel(name: string | null | undefined): string {
    return operationLabel(name, this.operationNames, MAX_OPERATION_NAMES);
  }

  private finish(req: Request, res: Response, record: RequestRecord, seconds: number): void {
    // Apollo's landing page (a browser's GET /graphql) is no GraphQL request.
    if (String(res.getHeader('content-type') ?? '').startsWith('text/html')) return;
    const cache = res.getHeader(RESPONSE_CACHE_HEADER);
    if (cache === 'HIT') this.cacheHits.inc();
    else if (cache === 'MISS') this.cacheMisses.inc();
    // GraphQL never saw the request: a response-cache hit, or a refusal before it (body, batch, rate limit).
    const operations = record.operations.length
      ? record.operations
      : [{ operation: this.operationLabel(operationNameOf(req)), outcome: outcomeOfStatus(res.statusCode) }];
    const aborted = !res.writableFinished;
    for (const { operation, outcome } of operations) {
      this.requests.inc({ operation, outcome: aborted ? 'aborted' : outcome });
      this.duration.observe({ operation }, seconds);
    }
    this.statements.observe(record.statements ?? 0);
  }

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.config.metrics;
    if (!settings) return;
    const server = createServer((req, res) => void this.serve(req, res));
    // Prometheus scrapes with one connection; nothing here needs Node's generous defaults.
    server.requestTimeout = 10_000;
    server.headersTimeout = 5_000;
    server.maxConnections = 64;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`Prometheus metrics at http://${settings.host}:${this.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Not found: the metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end();
      return;
    }
    try {
      const text = await this.registry.metrics();
      res.writeHead(200, { 'content-type': this.registry.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
    } catch (error) {
      this.logger.error(`Collecting the metrics failed: ${(error as Error).message}`);
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Collecting the metrics failed\n');
    }
  }
}

/** The operation name a request sent (operationName, else the document's first), read without GraphQL. */
function operationNameOf(req: Request): string | undefined {
  const raw: unknown = req.method === 'GET' ? req.query : req.body;
  const params = (Array.isArray(raw) ? raw[0] : raw) as Record<string, unknown> | undefined;
  if (!params || typeof params !== 'object') return undefined;
  if (typeof params.operationName === 'string' && params.operationName !== '') return params.operationName;
  return operationNameInDocument(params.query);
}
