import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ConnectionShape, pageSize, toConnection } from '../common/pagination/index.js';
import { hasNul } from '../common/text.js';
import { isUuid } from '../common/uuid.js';
import { InitiativeOrder } from './dto/initiative-filter.input.js';
import { Initiative } from './entities/initiative.entity.js';
import {
  cursorKey,
  filterConditions,
  InitiativeListFilter,
  ORDERS,
  PageKeyRow,
  readCursor,
  SqlParams,
} from './initiative-listing.js';

export interface InitiativePageOptions {
  orderBy?: InitiativeOrder | null;
  /** Defaults to 50; from 0 to 200, otherwise BAD_USER_INPUT naming `first` */
  first?: number | null;
  /** A cursor from a listing in the same order; otherwise BAD_USER_INPUT naming `after` */
  after?: string | null;
}

/**
 * Reads of initiatives: by id, by code and the filtered, keyset-paginated listing that other modules reuse
 * (e.g. `myInitiatives` lists `{ organizationId }`).
 */
@Injectable()
export class InitiativesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Null for an unknown id, and for anything that is not an id. */
  async byId(id: string): Promise<Initiative | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(Initiative).findOneBy({ id });
  }

  /** Null for a slug or code that no record can have (too long, or a NUL character, which PostgreSQL refuses). */
  async byCode(strategySlug: string, code: string): Promise<Initiative | null> {
    if (code.length > 20 || strategySlug.length > 100 || hasNul(code) || hasNul(strategySlug)) return null;
    return this.dataSource
      .getRepository(Initiative)
      .createQueryBuilder('i')
      .innerJoin('strategy', 's', 's.id = i.strategy_id')
      .where('s.slug = :strategySlug AND i.code = :code', { strategySlug, code })
      .getOne();
  }

  /**
   * One page of the initiatives that match `filter`, in `orderBy` order (default CODE), with the total the
   * filter matches. Three statements whatever the page size: the page's keys, the initiatives, the count.
   */
  async list(
    filter: InitiativeListFilter = {},
    options: InitiativePageOptions = {},
  ): Promise<ConnectionShape<Initiative>> {
    const order = options.orderBy ?? InitiativeOrder.CODE;
    const first = pageSize(options.first);
    const cursor = readCursor(options.after, order);
    const p = new SqlParams();
    const conditions = filterConditions(filter, p);
    if (conditions === null) return toConnection([], first, 0, () => [], !!cursor);

    const spec = ORDERS[order];
    const where = conditions.length ? conditions.join(' AND ') : 'TRUE';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM initiative i WHERE ${where}`, [
      ...p.values,
    ]);
    const after = cursor ? ` AND ${spec.after(p, cursor.key, cursor.id)}` : '';
    const rows: PageKeyRow[] = await this.dataSource.query(
      `SELECT i.id::text AS id, ${spec.key} AS sort_key FROM initiative i
       WHERE ${where}${after}
       ORDER BY ${spec.orderBy}
       LIMIT ${p.add(first + 1)}`,
      p.values,
    );
    const initiatives = rows.length
      ? await this.dataSource.getRepository(Initiative).findBy({ id: In(rows.map((row) => row.id)) })
      : [];
    const byId = new Map(initiatives.map((initiative) => [initiative.id, initiative]));
    // A row deleted between the two reads is left out rather than shown as a gap.
    const found = rows.filter((row) => byId.has(row.id));
    const keys = new Map(found.map((row) => [row.id, row]));
    return toConnection(
      found.map((row) => byId.get(row.id)!),
      first,
      total,
      (node) => cursorKey(order, keys.get(node.id)!),
      !!cursor,
    );
  }
}
