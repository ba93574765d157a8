import type { LoaderContext } from '../common/context.js';
import { defineLoader, groupBy } from '../common/loaders/index.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { LifeEvent } from '../strategy/entities/life-event.entity.js';
import { Delivery } from './entities/delivery.entity.js';
import { InitiativeGoal, InitiativeLifeEvent, InitiativePartner } from './entities/initiative.entity.js';

/**
 * Per-request loaders of an initiative's lists: one query per list for the whole page of initiatives.
 * Each joins the link table to the records in one statement and keeps the list's order.
 */

/** Goals of each initiative, by goal number. */
export const goalsByInitiative = defineLoader<string, Goal[], LoaderContext>(
  'goalsByInitiative',
  async (ids, { dataSource }) => {
    const { entities, raw } = await dataSource
      .getRepository(Goal)
      .createQueryBuilder('g')
      .innerJoin(InitiativeGoal, 'ig', 'ig.goal_id = g.id')
      .addSelect('ig.initiative_id', 'link_initiative_id')
      .where('ig.initiative_id IN (:...ids)', { ids: [...ids] })
      .orderBy('g.number', 'ASC')
      .addOrderBy('g.id', 'ASC')
      .getRawAndEntities<{ link_initiative_id: string; g_id: string }>();
    return listsByInitiative(ids, entities, raw, (row) => row.g_id);
  },
);

/** Life events of each initiative, in the order they were given. */
export const lifeEventsByInitiative = defineLoader<string, LifeEvent[], LoaderContext>(
  'lifeEventsByInitiative',
  async (ids, { dataSource }) => {
    const { entities, raw } = await dataSource
      .getRepository(LifeEvent)
      .createQueryBuilder('l')
      .innerJoin(InitiativeLifeEvent, 'il', 'il.life_event_id = l.id')
      .addSelect('il.initiative_id', 'link_initiative_id')
      .where('il.initiative_id IN (:...ids)', { ids: [...ids] })
      .orderBy('il.position', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .getRawAndEntities<{ link_initiative_id: string; l_id: string }>();
    return listsByInitiative(ids, entities, raw, (row) => row.l_id);
  },
);

/** Partner organisations of each initiative, in the order they were given. */
export const partnersByInitiative = defineLoader<string, Organization[], LoaderContext>(
  'partnersByInitiative',
  async (ids, { dataSource }) => {
    const { entities, raw } = await dataSource
      .getRepository(Organization)
      .createQueryBuilder('o')
      .innerJoin(InitiativePartner, 'ip', 'ip.organization_id = o.id')
      .addSelect('ip.initiative_id', 'link_initiative_id')
      .where('ip.initiative_id IN (:...ids)', { ids: [...ids] })
      .orderBy('ip.position', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getRawAndEntities<{ link_initiative_id: string; o_id: string }>();
    return listsByInitiative(ids, entities, raw, (row) => row.o_id);
  },
);

/** Deliveries of each initiative: by due date, undated last, then in the order they were added. */
export const deliveriesByInitiative = defineLoader<string, Delivery[], LoaderContext>(
  'deliveriesByInitiative',
  async (ids, { dataSource }) => {
    const rows = await dataSource
      .getRepository(Delivery)
      .createQueryBuilder('d')
      .where('d.initiative_id IN (:...ids)', { ids: [...ids] })
      .orderBy('d.due_date', 'ASC', 'NULLS LAST')
      .addOrderBy('d.created_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    return groupBy(ids, rows, (row) => row.initiativeId);
  },
);

/**
 * TypeORM returns each joined record once in `entities` (deduplicated by id) and every joined row in `raw`
 * (in query order): rebuild the per-initiative lists from the raw rows.
 */
function listsByInitiative<T extends { id: string }, R extends { link_initiative_id: string }>(
  ids: readonly string[],
  entities: T[],
  raw: R[],
  idOf: (row: R) => string,
): T[][] {
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const lists = new Map<string, T[]>();
  for (const row of raw) {
    const entity = byId.get(idOf(row));
    if (!entity) continue;
    const list = lists.get(row.link_initiative_id);
    if (list) list.push(entity);
    else lists.set(row.link_initiative_id, [entity]);
  }
  return ids.map((id) => lists.get(id) ?? []);
}
