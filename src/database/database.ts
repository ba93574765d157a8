import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, type EntityTarget, type ObjectLiteral, type Repository } from 'typeorm';
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Viewer } from '../auth/viewer.js';
import { requestTally, shareConnectionsPerRequest } from './sql-counter.js';

/** The channel on which every committed write that anonymous callers can see is announced (caches listen). */
export const PLAN_CHANGED_CHANNEL = 'plan_changed';

/**
 * What a write did, stated once: the audit trail records it, the plan-changed notice announces it, and the
 * outgoing messages are made from it, all in the write's own transaction.
 */
export interface WriteEvent {
  /** entity.verb in camelCase, e.g. initiative.update */
  action: string;
  /** The GraphQL type name, e.g. Initiative */
  entityType: string;
  entityId: string;
  /** The record before the write; null or undefined when it was created */
  before?: object | null;
  /** The record after the write; null when it was deleted */
  after: object | null;
  /**
   * False for a change that no anonymous caller can see (a draft saved, an update submitted): it empties no
   * response cache. Default true.
   */
  public?: boolean;
}

/** Work that must commit or roll back with every write: the audit trail, the outgoing messages. */
export interface CommitHook {
  /** Runs inside the transaction, after the write's own work and before COMMIT. */
  beforeCommit(tx: Transaction): Promise<void>;
}

/** A record as plain data (dates as ISO strings), so that later changes to the object do not show. */
export function snapshot(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(snapshot);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, snapshot(v)]));
  }
  return value === undefined ? null : value;
}

/** One write in progress: its connection, who does it, and what it has done so far. */
export class Transaction {
  readonly events: WriteEvent[] = [];
  private readonly afterCommitCallbacks: (() => void)[] = [];

  constructor(
    readonly manager: EntityManager,
    /** The token subject of whoever writes, or a system name such as demo-loader */
    readonly actor: string,
  ) {}

  /** States what the write did; see WriteEvent. The records are copied now, as they are at this step. */
  record(event: WriteEvent): void {
    this.events.push({
      ...event,
      before: event.before ? (snapshot(event.before) as object) : null,
      after: event.after ? (snapshot(event.after) as object) : null,
    });
  }

  /**
   * Runs `callback` in this process once the transaction has committed (never when it rolls back), e.g. to
   * wake this instance's workers for the jobs it queued.
   */
  afterCommit(callback: () => void): void {
    this.afterCommitCallbacks.push(callback);
  }

  /** @internal Called by Database after COMMIT. */
  committed(): void {
    for (const callback of this.afterCommitCallbacks) {
      try {
        callback();
      } catch {
        // What follows a commit must not turn a committed write into an error for its caller.
      }
    }
  }
}

/**
 * The one way to PostgreSQL. Repositories read and write through `manager`, which is the connection of the
 * transaction in progress when there is one. Every write runs in `transaction()`, which carries what must
 * happen with the commit: the hooks (audit trail, outgoing messages) and the plan-changed notice.
 */
@Injectable()
export class Database {
  private readonly current = new AsyncLocalStorage<Transaction>();
  private readonly hooks: CommitHook[] = [];
  private readonly committed: ((entityTypes: string[]) => void)[] = [];
  private commits = 0;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    // The pool exists once the data source is initialised, which TypeOrmModule does before any provider runs.
    const pool = (dataSource.driver as unknown as { master?: Pool }).master;
    if (pool) shareConnectionsPerRequest(pool);
  }

  /**
   * The transaction's manager inside a write; else, for a read of an anonymous caller, the replica chosen for
   * the request (ReadRouteMiddleware); else the primary's.
   */
  get manager(): EntityManager {
    return this.current.getStore()?.manager ?? this.reader.manager;
  }

  /** Where a read outside a transaction goes: the request's replica, or the primary. */
  private get reader(): DataSource {
    return requestTally.getStore()?.replica?.dataSource ?? this.dataSource;
  }

  /**
   * How many writes that anonymous callers can see this process has committed: a read started before one must not
   * be shared after it.
   */
  get publicCommits(): number {
    return this.commits;
  }

  /** The transaction in progress, if any. */
  get transactionInProgress(): Transaction | undefined {
    return this.current.getStore();
  }

  repository<T extends ObjectLiteral>(target: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(target);
  }

  /** The rows of a hand-written statement (also of an UPDATE or DELETE ... RETURNING). */
  async query<T = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<T[]> {
    const runner = this.manager.queryRunner;
    if (runner) return (await runner.query(sql, parameters, true)).records as T[];
    // Outside a transaction too: the data source's own query() answers an UPDATE ... RETURNING with
    // [rows, count] instead of the rows.
    const own = this.reader.createQueryRunner();
    try {
      return (await own.query(sql, parameters, true)).records as T[];
    } finally {
      await own.release();
    }
  }

  /**
   * Like query(), as a named prepared statement: PostgreSQL parses and plans it once per connection instead
   * of at every run. For statements that ride along with many writes (the outbox's), whose planning costs
   * more than running them. Counted in the request's statements like every other.
   */
  async prepared<T = Record<string, unknown>>(sql: string, parameters: unknown[]): Promise<T[]> {
    const statement = {
      name: `p_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`,
      text: sql,
      values: parameters,
    };
    const tally = requestTally.getStore();
    if (tally) tally.sql += 1;
    const runner = this.manager.queryRunner;
    if (runner) {
      const client = (await runner.connect()) as PoolClient;
      return (await client.query(statement)).rows as T[];
    }
    return (await this.pool.query(statement)).rows as T[];
  }

  /** The pg pool behind the data source (for pg-boss's own statements). */
  get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** Registered by the modules whose work commits with every write (in module order). */
  onCommit(hook: CommitHook): void {
    this.hooks.push(hook);
  }

  /**
   * Called in this process right after a write that anonymous callers can see has committed (the
   * plan-changed notice tells the other instances), with the types it changed.
   */
  onCommitted(listener: (entityTypes: string[]) => void): void {
    this.committed.push(listener);
  }

  /**
   * Runs `work` in one transaction. A call inside another transaction joins it, so a service may call
   * another service's write and both commit together.
   */
  async transaction<T>(actor: Viewer | string, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return work(outer);
    let changed: string[] = [];
    let tx: Transaction | undefined;
    const result = await this.dataSource.transaction(async (manager) => {
      tx = new Transaction(manager, typeof actor === 'string' ? actor : actor.subject);
      const current = tx;
      return this.current.run(current, async () => {
        const done = await work(current);
        // Fail closed: a write must never commit without its audit trail (hooks register at module init).
        if (current.events.length > 0 && this.hooks.length === 0) {
          throw new Error('No commit hooks: refusing to write');
        }
        for (const hook of this.hooks) await hook.beforeCommit(current);
        changed = [...new Set(current.events.filter((e) => e.public !== false).map((e) => e.entityType))];
        // NOTIFY is delivered on commit only, so every instance hears of the write once it is visible.
        if (changed.length > 0) {
          await manager.query('SELECT pg_notify($1, $2)', [PLAN_CHANGED_CHANNEL, changed.join(',')]);
        }
        return done;
      });
    });
    if (changed.length > 0) {
      this.commits += 1;
      for (const listener of this.committed) listener(changed);
    }
    tx?.committed();
    return result;
  }
}
