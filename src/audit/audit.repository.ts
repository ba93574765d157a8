import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { AuditChanges, AuditEvent } from './audit-event.entity.js';

export interface AuditRow {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  changes: AuditChanges;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  /** Only events older than this id (the cursor) */
  beforeId?: string;
}

/** The SQL of the audit trail. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Database) {}

  /** All of a transaction's events in one statement, in the order they happened. */
  async insert(rows: AuditRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO audit_event (actor, action, entity_type, entity_id, changes)
       SELECT e->>'actor', e->>'action', e->>'entityType', e->>'entityId', e->'changes'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n)
       ORDER BY t.n`,
      [JSON.stringify(rows)],
    );
  }

  /** A page of events, newest first, and how many match the filter. */
  async page(filter: AuditFilter, limit: number): Promise<{ rows: AuditEvent[]; total: number }> {
    const query = this.db.repository(AuditEvent).createQueryBuilder('e').where('TRUE');
    if (filter.entityType) query.andWhere('e.entityType = :entityType', { entityType: filter.entityType });
    if (filter.entityId) query.andWhere('e.entityId = :entityId', { entityId: filter.entityId });
    const total = await query.clone().getCount();
    const page = query.clone().orderBy('e.id', 'DESC').take(limit);
    if (filter.beforeId) page.andWhere('e.id < :beforeId', { beforeId: filter.beforeId });
    return { rows: await page.getMany(), total };
  }
}
