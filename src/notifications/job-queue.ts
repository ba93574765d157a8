import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';

/** The queues, made by the migration (pg-boss starts with `migrate: false`). */
export enum JobName {
  SEND_MAIL = 'notification-send',
  DELIVER_WEBHOOK = 'webhook-deliver',
}

/** Every job carries the id of the row it sends (a notification or a webhook delivery). */
export interface JobData {
  id: string;
}

export interface NewJob {
  name: JobName;
  id: string;
  /** Not before then: the wait before a retry */
  startAfter?: Date;
}

/** Workers per queue and instance: a slow receiver holds one, not the whole queue. */
const WORKERS: Record<JobName, number> = { [JobName.SEND_MAIL]: 2, [JobName.DELIVER_WEBHOOK]: 4 };

/**
 * pg-boss retries a job on its own only when its try never finished: the instance died or stopped while
 * sending (the job expired or was handed back). Failed sends are rescheduled by the workers instead, with
 * the backoff of RETRY_BASE_MS, and counted on the notification or delivery row.
 */
const JOB_RETRY = { retryLimit: 10, retryDelay: 1, retryBackoff: true } as const;

/**
 * The durable job queue (pg-boss over the application's own pool): jobs are inserted in the transaction of
 * the write that asks for them, so a write that rolls back queues nothing and one that commits is sent
 * even if the process dies right after. Workers run in every instance; pg-boss hands each job to one
 * worker (SELECT ... FOR UPDATE SKIP LOCKED), so a job runs once however many instances there are.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  private readonly boss: PgBoss;
  private readonly handlers = new Map<JobName, (data: JobData) => Promise<void>>();
  private readonly workerIds = new Map<JobName, string[]>();
  private readonly expireInSeconds: Record<JobName, number>;
  private started = false;

  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {
    const pool = db.pool;
    this.boss = new PgBoss({
      // pg-boss's own statements (fetching, completing, maintenance) on the application's pool; those with
      // parameters are single statements, prepared once per connection (their plans cost more than a run).
      db: {
        executeSql: (text: string, values?: unknown[]) =>
          values?.length ? pool.query({ name: statementName(text), text, values }) : pool.query(text),
      },
      schema: 'pgboss',
      migrate: false,
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: config.notifications.queueMaintenanceSeconds,
      pollingIntervalSeconds: config.notifications.queuePollMs / 1000,
    });
    this.boss.on('error', (error: Error) => this.logger.warn(`Job queue: ${error.message}`));
    // A try that runs longer than this is taken as dead (its instance stopped) and handed to another worker.
    const smtpSeconds = Math.ceil((3 * config.notifications.smtpTimeoutMs) / 1000);
    this.expireInSeconds = { [JobName.SEND_MAIL]: smtpSeconds + 2, [JobName.DELIVER_WEBHOOK]: 30 };
  }

  /** Registers the worker of a queue; started with the application. */
  handle(name: JobName, handler: (data: JobData) => Promise<void>): void {
    this.handlers.set(name, handler);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const [name, handler] of this.handlers) {
      const ids: string[] = [];
      for (let i = 0; i < WORKERS[name]; i++) {
        ids.push(
          await this.boss.work<JobData>(name, { batchSize: 1 }, async ([job]) => {
            await handler(job.data);
          }),
        );
      }
      this.workerIds.set(name, ids);
    }
  }

  /**
   * Queues jobs in the transaction in progress (through pg-boss's `db` option: its insert runs on the
   * transaction's connection), and wakes this instance's workers once it commits; other instances find the
   * jobs at their next poll (QUEUE_POLL_MS).
   */
  async enqueue(jobs: NewJob[]): Promise<void> {
    const tx = this.db.transactionInProgress;
    if (!tx) throw new Error('Jobs are queued in the transaction of the write that asks for them');
    if (jobs.length === 0) return;
    const inTransaction = {
      executeSql: async (text: string, values: unknown[]) => ({ rows: await this.db.prepared(text, values) }),
    };
    await this.boss.insert(
      jobs.map((job) => ({
        name: job.name,
        data: { id: job.id } satisfies JobData,
        startAfter: job.startAfter?.toISOString(),
        expireInSeconds: this.expireInSeconds[job.name],
        ...JOB_RETRY,
      })),
      { db: inTransaction },
    );
    const due = new Map<JobName, number>();
    for (const job of jobs) if (!job.startAfter) due.set(job.name, (due.get(job.name) ?? 0) + 1);
    if (due.size > 0) tx.afterCommit(() => this.wake(due));
  }

  /** Wakes as many of this instance's workers as there are new jobs (a woken worker without one polls for nothing). */
  private wake(due: Map<JobName, number>): void {
    if (!this.started) return;
    for (const [name, count] of due) {
      for (const id of (this.workerIds.get(name) ?? []).slice(0, count)) this.boss.notifyWorker(id);
    }
  }

  /**
   * Stops taking jobs, lets the ones in flight finish for up to `graceMs`, and hands the rest back to the
   * queue (another instance takes them). Runs before the pool closes: main.ts calls it alongside the HTTP
   * drain, and Nest's shutdown calls it again (then it does nothing).
   */
  async stop(graceMs = this.config.shutdownGraceMs): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: Math.max(1000, graceMs), close: false });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}

/** A prepared statement's name: one per text, as the driver requires. */
function statementName(text: string): string {
  return `b_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}
