import { Injectable, OnModuleInit } from '@nestjs/common';
import { BadUserInputError } from '../common/errors/index.js';
import { ConnectionShape, decodeCursor, pageSize, toConnection } from '../common/pagination/index.js';
import { hasNul } from '../common/text.js';
import { CommitHook, Database, snapshot, Transaction } from '../database/database.js';
import { AuditChanges, AuditEvent } from './audit-event.entity.js';
import { AuditRepository } from './audit.repository.js';

/** Columns that are bookkeeping, not content: left out of the before/after of an event. */
const IGNORED = new Set(['createdAt', 'updatedAt', 'version', 'searchVector']);

/**
 * The audit trail: every event a write records (Transaction.record) is written with the commit, so the
 * events and the write commit or roll back together; and the `auditLog` reads.
 */
@Injectable()
export class AuditService implements CommitHook, OnModuleInit {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditRepository,
  ) {}

  onModuleInit(): void {
    this.db.onCommit(this);
  }

  async beforeCommit(tx: Transaction): Promise<void> {
    await this.audit.insert(
      tx.events.map((event) => ({
        actor: tx.actor,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        changes: diff(event.before ?? null, event.after),
      })),
    );
  }

  /** Newest first; the cursor is the event's id (a sequence). */
  async list(
    entityType: string | undefined,
    entityId: string | undefined,
    first: number | undefined,
    after: string | undefined,
  ): Promise<ConnectionShape<AuditEvent>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1);
    if (cursor && !/^\d{1,18}$/.test(String(cursor[0]))) {
      throw BadUserInputError.field('after', 'is not a cursor from this list');
    }
    // No event is filed under a value with a NUL character, and PostgreSQL refuses one as a parameter.
    if ((entityType && hasNul(entityType)) || (entityId && hasNul(entityId))) {
      return toConnection([], size, 0, () => [], !!cursor);
    }
    const { rows, total } = await this.audit.page(
      { entityType, entityId, beforeId: cursor ? String(cursor[0]) : undefined },
      size + 1,
    );
    return toConnection(rows, size, total, (row) => [row.id], !!cursor);
  }
}

/** before/after over the fields that changed; on create, before is null and after holds every field. */
export function diff(before: object | null, after: object | null): AuditChanges {
  const b = (before ? snapshot(before) : null) as Record<string, unknown> | null;
  const a = (after ? snapshot(after) : null) as Record<string, unknown> | null;
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
