import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer.js';
import { AuditChanges, AuditEvent } from './audit-event.entity.js';

/** The channel on which every committed write is announced (response caches of every instance listen). */
export const PLAN_CHANGED_CHANNEL = 'plan_changed';

/** Columns that are bookkeeping, not content: left out of the before/after of an event. */
const IGNORED = new Set(['createdAt', 'updatedAt', 'version', 'searchVector']);

export interface AuditInput {
  actor: Viewer | string;
  /** entity.verb in camelCase, e.g. initiative.update */
  action: string;
  /** The GraphQL type name, e.g. Initiative */
  entityType: string;
  entityId: string;
  /** The record before the write; null or undefined when it was created */
  before?: object | null;
  /** The record after the write; null when it was deleted */
  after: object | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records one event inside the caller's transaction, so the event and the write commit or roll back
   * together, and announces the change (NOTIFY is delivered only on commit).
   */
  async record(manager: EntityManager, input: AuditInput): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Audit events are written inside the transaction of the write they describe');
    }
    const changes = diff(input.before ?? null, input.after);
    await manager.query(
      `INSERT INTO audit_event (actor, action, entity_type, entity_id, changes) VALUES ($1, $2, $3, $4, $5);`,
      [
        typeof input.actor === 'string' ? input.actor : input.actor.subject,
        input.action,
        input.entityType,
        input.entityId,
        changes,
      ],
    );
    await manager.query(`SELECT pg_notify($1, $2)`, [PLAN_CHANGED_CHANNEL, input.entityType]);
  }

  /** Runs `work` in one transaction; every write of the application goes through here or its own transaction. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value === undefined ? null : value;
}

/** before/after over the fields that changed; on create, before is null and after holds every field. */
export function diff(before: object | null, after: object | null): AuditChanges {
  const b = (before ? plain(before) : null) as Record<string, unknown> | null;
  const a = (after ? plain(after) : null) as Record<string, unknown> | null;
  if (!b || !a) {
    const strip = (record: Record<string, unknown> | null) =>
      record ? Object.fromEntries(Object.entries(record).filter(([k]) => !IGNORED.has(k))) : null;
    return { before: strip(b), after: strip(a) };
  }
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (IGNORED.has(key)) continue;
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) {
      changedBefore[key] = b[key] ?? null;
      changedAfter[key] = a[key] ?? null;
    }
  }
  return { before: changedBefore, after: changedAfter };
}

export { AuditEvent };
