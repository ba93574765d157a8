import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isStaff, type Viewer } from '../auth/viewer.js';
import { BadUserInputError } from '../common/errors/index.js';
import {
  ConnectionShape,
  decodeCursor,
  isMicrosecondInstant,
  pageSize,
  toConnection,
} from '../common/pagination/index.js';
import { isUuid } from '../common/uuid.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { InitiativesService } from '../initiatives/initiatives.service.js';
import { StatusUpdate } from './entities/status-update.entity.js';
import { visibilityFor, visibilitySql } from './status-update.rules.js';
import { StatusUpdateRow, toStatusUpdate, updateColumns } from './status-update.rows.js';

/** Reads of single updates and of the review queue; the Initiative's reporting fields use the loaders. */
@Injectable()
export class StatusUpdateReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly initiatives: InitiativesService,
  ) {}

  /**
   * The initiatives a caller reports on or reviews: an OWNER's organisation's (by the token's org claim),
   * every initiative for REVIEWER and ADMIN. In code order, paged like the initiatives listing.
   */
  async myInitiatives(
    viewer: Viewer,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<ConnectionShape<Initiative>> {
    if (isStaff(viewer)) return this.initiatives.list({}, { first, after });
    // Only a well-formed number can name an organisation (and a NUL character in the claim would fail the query).
    const [organization]: { id: string }[] =
      viewer.orgNumber && /^\d{9}$/.test(viewer.orgNumber)
        ? await this.dataSource.query(`SELECT id FROM organization WHERE org_number = $1`, [viewer.orgNumber])
        : [];
    if (!organization) {
      // No organisation of this number in the plan: nothing to report on.
      return toConnection([], pageSize(first), 0, () => [], !!after);
    }
    return this.initiatives.list({ organizationId: organization.id }, { first, after });
  }

  /** The update, or null when there is none or the caller may not see it (a hidden update is absent). */
  async findVisible(viewer: Viewer | null, id: string): Promise<StatusUpdate | null> {
    if (!isUuid(id)) return null;
    const filter = visibilitySql(visibilityFor(viewer), 'su', 2);
    const [row]: StatusUpdateRow[] = await this.dataSource.query(
      `SELECT ${updateColumns('su')} FROM status_update su WHERE su.id = $1 AND ${filter.sql}`,
      [id, ...filter.params],
    );
    return row ? toStatusUpdate(row) : null;
  }

  /**
   * SUBMITTED updates, oldest submission first, optionally of one period. The cursor is the submission
   * time as PostgreSQL writes it (microseconds, which a JavaScript Date would lose) and the id.
   */
  async reviewQueue(
    period: string | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<ConnectionShape<StatusUpdate>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    if (cursor && (!isMicrosecondInstant(cursor[0]) || !isUuid(cursor[1]))) {
      throw BadUserInputError.field('after', 'is not a cursor from this list');
    }
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM status_update su WHERE su.state = 'SUBMITTED' AND ($1::bpchar IS NULL OR su.period = $1::bpchar)`,
      [period ?? null],
    );
    const rows: (StatusUpdateRow & { cursor_at: string })[] = await this.dataSource.query(
      `SELECT ${updateColumns('su')}, to_char(su.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM status_update su
       WHERE su.state = 'SUBMITTED' AND ($1::bpchar IS NULL OR su.period = $1::bpchar)
         AND ($2::timestamptz IS NULL OR (su.submitted_at, su.id) > ($2::timestamptz, $3::uuid))
       ORDER BY su.submitted_at, su.id
       LIMIT $4`,
      [period ?? null, cursor?.[0] ?? null, cursor?.[1] ?? null, size + 1],
    );
    const cursors = new Map(rows.map((row) => [row.id, row.cursor_at]));
    return toConnection(
      rows.map(toStatusUpdate),
      size,
      Number(n),
      (update) => [cursors.get(update.id) ?? null, update.id],
      !!cursor,
    );
  }
}
