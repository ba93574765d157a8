import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database.js';
import { SqlParams } from '../database/sql.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { LifeEvent } from '../strategy/entities/life-event.entity.js';
import { InitiativeOrder } from './dto/initiative-filter.input.js';
import { Initiative, InitiativeGoal, InitiativeLifeEvent, InitiativePartner } from './entities/initiative.entity.js';
import { filterConditions, InitiativeListFilter, ListCursor, ORDERS, PageKeyRow } from './initiative-listing.js';

/** The id lists of an initiative, kept in link tables. */
export interface InitiativeLists {
  goalIds: string[];
  lifeEventIds: string[];
  partnerIds: string[];
}

/** An initiative as its notices name it, with where they go (see notifications). */
export interface NoticeRecipients {
  id: string;
  code: string;
  title: string;
  contacts: { email?: string | null }[];
  agencyReportingEmail: string | null;
}

/** The records that have an `initiatives` connection, and how an initiative belongs to each. */
export type InitiativeParent = 'goal' | 'focusArea' | 'lifeEvent' | 'organization';

const BELONGS: Record<InitiativeParent, string> = {
  goal: 'EXISTS (SELECT 1 FROM initiative_goal ig WHERE ig.initiative_id = i.id AND ig.goal_id = k.parent_id)',
  focusArea: 'i.focus_area_id = k.parent_id',
  lifeEvent:
    'EXISTS (SELECT 1 FROM initiative_life_event il WHERE il.initiative_id = i.id AND il.life_event_id = k.parent_id)',
  organization: 'i.executing_agency_id = k.parent_id',
};

/** What an initiative input names, by kind, for one look-up. */
export interface ReferencedIds {
  strategy: string[];
  goal: string[];
  focusArea: string[];
  lifeEvent: string[];
  organization: string[];
}

export interface FoundReference {
  kind: keyof ReferencedIds;
  id: string;
  /** The strategy the record belongs to (itself for a strategy); null for an organisation */
  strategy_id: string | null;
}

/** The SQL of initiatives, their link tables and their listing. */
@Injectable()
export class InitiativeRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(Initiative);
  }

  byId(id: string): Promise<Initiative | null> {
    return this.repo.findOneBy({ id });
  }

  byIds(ids: readonly string[]): Promise<Initiative[]> {
    return ids.length ? this.repo.findBy({ id: In([...ids]) }) : Promise.resolve([]);
  }

  byCode(strategySlug: string, code: string): Promise<Initiative | null> {
    return this.repo
      .createQueryBuilder('i')
      .innerJoin('strategy', 's', 's.id = i.strategy_id')
      .where('s.slug = :strategySlug AND i.code = :code', { strategySlug, code })
      .getOne();
  }

  /** The row, locked for the rest of the transaction. */
  lock(id: string): Promise<Initiative | null> {
    return this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The initiative locked for the rest of the transaction, with its executing agency's organisation number. */
  async lockWithAgency(id: string): Promise<{ id: string; agencyOrgNumber: string } | null> {
    const [row] = await this.db.query<{ id: string; org_number: string }>(
      `SELECT i.id::text AS id, o.org_number FROM initiative i JOIN organization o ON o.id = i.executing_agency_id
       WHERE i.id = $1 FOR UPDATE OF i`,
      [id],
    );
    return row ? { id: row.id, agencyOrgNumber: row.org_number } : null;
  }

  /** The organisation number of the initiative's executing agency; null when there is no such initiative. */
  async agencyOrgNumber(id: string): Promise<string | null> {
    const [row] = await this.db.query<{ org_number: string }>(
      `SELECT o.org_number FROM initiative i JOIN organization o ON o.id = i.executing_agency_id WHERE i.id = $1`,
      [id],
    );
    return row?.org_number ?? null;
  }

  /**
   * What the owner-side notices need of initiatives: code and title, the contacts, and the executing
   * agency's reporting address; the given ones, or with `active` every ACTIVE one, in code order.
   */
  async noticeRecipients(filter: { ids: readonly string[] } | { active: true }): Promise<NoticeRecipients[]> {
    const byIds = 'ids' in filter;
    if (byIds && filter.ids.length === 0) return [];
    // Prepared: it runs in the transaction of every submission, return and approval.
    const rows = await this.db.prepared<{
      id: string;
      code: string;
      title: string;
      contacts: NoticeRecipients['contacts'];
      reporting_email: string | null;
    }>(
      `SELECT i.id, i.code, i.title, i.contacts, o.reporting_email
       FROM initiative i JOIN organization o ON o.id = i.executing_agency_id
       WHERE ${byIds ? 'i.id = ANY($1::uuid[])' : "i.lifecycle = 'ACTIVE'"}
       ORDER BY i.code, i.strategy_id, i.id`,
      byIds ? [filter.ids] : [],
    );
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      title: row.title,
      contacts: row.contacts ?? [],
      agencyReportingEmail: row.reporting_email,
    }));
  }

  codeTaken(strategyId: string, code: string): Promise<boolean> {
    return this.repo.existsBy({ strategyId, code });
  }

  create(values: Partial<Initiative>): Promise<Initiative> {
    return this.repo.save(this.repo.create(values));
  }

  /** Writes the changed columns with a new version. */
  async update(id: string, values: Partial<Initiative>): Promise<Initiative> {
    await this.db.manager
      .createQueryBuilder()
      .update(Initiative)
      .set({ ...values, updatedAt: () => 'now()', version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
    return this.repo.findOneByOrFail({ id });
  }

  /** Marks the initiative as changed (a delivery of it changed) without a new version. */
  async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE initiative SET updated_at = now() WHERE id = $1`, [id]);
  }

  /**
   * Records the status of an approved update as the initiative's current status, unless a newer quarter is
   * recorded already (the WHERE re-checks against the row under lock).
   */
  async recordCurrentStatus(id: string, status: string, period: string): Promise<void> {
    await this.db.query(
      `UPDATE initiative SET current_status = $2, current_status_period = $3
       WHERE id = $1 AND (current_status_period IS NULL OR current_status_period <= $3)`,
      [id, status, period],
    );
  }

  async readLists(initiativeId: string): Promise<InitiativeLists> {
    const goals = await this.db.repository(InitiativeGoal).find({ where: { initiativeId }, order: { goalId: 'ASC' } });
    const lifeEvents = await this.db
      .repository(InitiativeLifeEvent)
      .find({ where: { initiativeId }, order: { position: 'ASC' } });
    const partners = await this.db
      .repository(InitiativePartner)
      .find({ where: { initiativeId }, order: { position: 'ASC' } });
    return {
      goalIds: goals.map((g) => g.goalId),
      lifeEventIds: lifeEvents.map((l) => l.lifeEventId),
      partnerIds: partners.map((p) => p.organizationId),
    };
  }

  /** Replaces each list that differs from what is stored. */
  async writeLists(initiativeId: string, next: InitiativeLists, stored: InitiativeLists): Promise<void> {
    const manager = this.db.manager;
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same([...next.goalIds].sort(), [...stored.goalIds].sort())) {
      await manager.delete(InitiativeGoal, { initiativeId });
      if (next.goalIds.length) {
        await manager.insert(
          InitiativeGoal,
          next.goalIds.map((goalId) => ({ initiativeId, goalId })),
        );
      }
    }
    if (!same(next.lifeEventIds, stored.lifeEventIds)) {
      await manager.delete(InitiativeLifeEvent, { initiativeId });
      if (next.lifeEventIds.length) {
        await manager.insert(
          InitiativeLifeEvent,
          next.lifeEventIds.map((lifeEventId, position) => ({ initiativeId, lifeEventId, position })),
        );
      }
    }
    if (!same(next.partnerIds, stored.partnerIds)) {
      await manager.delete(InitiativePartner, { initiativeId });
      if (next.partnerIds.length) {
        await manager.insert(
          InitiativePartner,
          next.partnerIds.map((organizationId, position) => ({ initiativeId, organizationId, position })),
        );
      }
    }
  }

  /** Which of the ids exist, with the strategy each belongs to: one statement for every kind. */
  findReferences(ids: ReferencedIds): Promise<FoundReference[]> {
    return this.db.query<FoundReference>(
      `SELECT 'strategy' AS kind, id::text, id::text AS strategy_id FROM strategy WHERE id = ANY($1::uuid[])
       UNION ALL SELECT 'goal', id::text, strategy_id::text FROM goal WHERE id = ANY($2::uuid[])
       UNION ALL SELECT 'focusArea', id::text, strategy_id::text FROM focus_area WHERE id = ANY($3::uuid[])
       UNION ALL SELECT 'lifeEvent', id::text, strategy_id::text FROM life_event WHERE id = ANY($4::uuid[])
       UNION ALL SELECT 'organization', id::text, NULL FROM organization WHERE id = ANY($5::uuid[])`,
      [ids.strategy, ids.goal, ids.focusArea, ids.lifeEvent, ids.organization],
    );
  }

  /**
   * One page of the listing: the keys of at most `limit` rows after the cursor, and the total the filter
   * matches. Null when the filter can match nothing.
   */
  async listPage(
    filter: InitiativeListFilter,
    order: InitiativeOrder,
    cursor: ListCursor | undefined,
    limit: number,
  ): Promise<{ rows: PageKeyRow[]; total: number } | null> {
    const p = new SqlParams();
    const conditions = filterConditions(filter, p);
    if (conditions === null) return null;
    const spec = ORDERS[order];
    const where = conditions.length ? conditions.join(' AND ') : 'TRUE';
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM initiative i WHERE ${where}`,
      [...p.values],
    );
    const after = cursor ? ` AND ${spec.after(p, cursor.key, cursor.id)}` : '';
    const rows = await this.db.query<PageKeyRow>(
      `SELECT i.id::text AS id, ${spec.key} AS sort_key FROM initiative i
       WHERE ${where}${after}
       ORDER BY ${spec.orderBy}
       LIMIT ${p.add(limit)}`,
      p.values,
    );
    return { rows, total };
  }

  /**
   * Pages of the initiatives of many parents of one kind at once, in code order: one statement for the pages
   * (a LATERAL join per parent) and one for the counts.
   */
  async pagesOfParents(
    parent: InitiativeParent,
    parentIds: string[],
    cursor: ListCursor | undefined,
    limit: number,
  ): Promise<{ pages: (PageKeyRow & { parent_id: string })[]; totals: Map<string, number> }> {
    const p = new SqlParams();
    const ids = p.add(parentIds);
    const spec = ORDERS[InitiativeOrder.CODE];
    const after = cursor ? `AND ${spec.after(p, cursor.key, cursor.id)}` : '';
    const pages = await this.db.query<PageKeyRow & { parent_id: string }>(
      `SELECT k.parent_id::text AS parent_id, page.id, page.sort_key
       FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS k(parent_id, n)
       CROSS JOIN LATERAL (
         SELECT i.id::text AS id, ${spec.key} AS sort_key, row_number() OVER (ORDER BY ${spec.orderBy}) AS rn
         FROM initiative i
         WHERE ${BELONGS[parent]} ${after}
         ORDER BY ${spec.orderBy}
         LIMIT ${p.add(limit)}
       ) page
       ORDER BY k.n, page.rn`,
      p.values,
    );
    const counts = await this.db.query<{ parent_id: string; total: number }>(
      `SELECT k.parent_id::text AS parent_id, (SELECT count(*) FROM initiative i WHERE ${BELONGS[parent]})::int AS total
       FROM unnest($1::uuid[]) AS k(parent_id)`,
      [parentIds],
    );
    return { pages, totals: new Map(counts.map((row) => [row.parent_id, row.total])) };
  }

  /** Goals of each initiative, by goal number, with the initiative each row belongs to. */
  goalsOf(initiativeIds: readonly string[]): Promise<{ ownerId: string; entity: Goal }[]> {
    return this.linked(initiativeIds, Goal, 'g', InitiativeGoal, 'ig', 'ig.goal_id = g.id', ['g.number', 'g.id']);
  }

  /** Life events of each initiative, in the order they were given. */
  lifeEventsOf(initiativeIds: readonly string[]): Promise<{ ownerId: string; entity: LifeEvent }[]> {
    const on = 'il.life_event_id = l.id';
    return this.linked(initiativeIds, LifeEvent, 'l', InitiativeLifeEvent, 'il', on, ['il.position', 'l.id']);
  }

  /** Partner organisations of each initiative, in the order they were given. */
  partnersOf(initiativeIds: readonly string[]): Promise<{ ownerId: string; entity: Organization }[]> {
    const on = 'ip.organization_id = o.id';
    return this.linked(initiativeIds, Organization, 'o', InitiativePartner, 'ip', on, ['ip.position', 'o.id']);
  }

  /**
   * The records a link table joins to the initiatives, one statement for all. TypeORM returns each joined
   * record once in `entities` (deduplicated by id) and every joined row in `raw` (in query order): the
   * pairs are rebuilt from the raw rows.
   */
  private async linked<T extends { id: string }>(
    initiativeIds: readonly string[],
    target: new () => T,
    alias: string,
    link: new () => object,
    linkAlias: string,
    on: string,
    [order, tieBreak]: [string, string],
  ): Promise<{ ownerId: string; entity: T }[]> {
    const { entities, raw } = await this.db
      .repository(target)
      .createQueryBuilder(alias)
      .innerJoin(link, linkAlias, on)
      .addSelect(`${linkAlias}.initiative_id`, 'link_initiative_id')
      .where(`${linkAlias}.initiative_id IN (:...ids)`, { ids: [...initiativeIds] })
      .orderBy(order, 'ASC')
      .addOrderBy(tieBreak, 'ASC')
      .getRawAndEntities<Record<string, string>>();
    const byId = new Map(entities.map((entity) => [entity.id, entity]));
    return raw.flatMap((row) => {
      const entity = byId.get(row[`${alias}_id`]);
      return entity ? [{ ownerId: row.link_initiative_id, entity }] : [];
    });
  }
}
