import { BadUserInputError, FieldError, NotFoundError } from '../common/errors/index.js';
import { isUuid, normalizeUuid } from '../common/uuid.js';
import type { FoundReference, InitiativeLists, ReferencedIds } from './initiative.repository.js';

/** The rules of an initiative's content, free of the database so they can be tested on their own. */

/** The ids an initiative input names, each with the input field it came from. */
export interface InitiativeReferences {
  strategyId?: string;
  goalIds?: string[];
  focusAreaId?: string | null;
  lifeEventIds?: string[];
  responsibleMinistryId?: string | null;
  executingAgencyId?: string;
  partnerIds?: string[];
}

type Kind = keyof ReferencedIds;

interface Reference {
  kind: Kind;
  id: string;
  field: string;
}

const ENTITY: Record<Kind, string> = {
  strategy: 'Strategy',
  goal: 'Goal',
  focusArea: 'FocusArea',
  lifeEvent: 'LifeEvent',
  organization: 'Organization',
};

/** Ids are compared as PostgreSQL writes them. */
export const normalizeId = normalizeUuid;

function collect(refs: InitiativeReferences): Reference[] {
  const out: Reference[] = [];
  const one = (kind: Kind, id: string | null | undefined, field: string) => {
    if (id !== null && id !== undefined) out.push({ kind, id, field });
  };
  const many = (kind: Kind, ids: string[] | undefined, field: string) =>
    ids?.forEach((id, i) => out.push({ kind, id, field: `${field}.${i}` }));
  one('strategy', refs.strategyId, 'input.strategyId');
  many('goal', refs.goalIds, 'input.goalIds');
  one('focusArea', refs.focusAreaId, 'input.focusAreaId');
  many('lifeEvent', refs.lifeEventIds, 'input.lifeEventIds');
  one('organization', refs.responsibleMinistryId, 'input.responsibleMinistryId');
  one('organization', refs.executingAgencyId, 'input.executingAgencyId');
  many('organization', refs.partnerIds, 'input.partnerIds');
  return out;
}

/**
 * The ids to look up, by kind; NOT_FOUND naming the field for an id that is not an id at all (it names no
 * record, and must not reach a query).
 */
export function referencedIds(refs: InitiativeReferences): ReferencedIds {
  const all = collect(refs);
  const malformed = all.find((ref) => !isUuid(ref.id));
  if (malformed) throw new NotFoundError(ENTITY[malformed.kind], malformed.id, malformed.field);
  const idsOf = (kind: Kind) => [...new Set(all.filter((ref) => ref.kind === kind).map((ref) => ref.id))];
  return {
    strategy: idsOf('strategy'),
    goal: idsOf('goal'),
    focusArea: idsOf('focusArea'),
    lifeEvent: idsOf('lifeEvent'),
    organization: idsOf('organization'),
  };
}

/**
 * Every id must name an existing record (NOT_FOUND naming the field otherwise), and goals, focus areas and
 * life events must belong to `strategyId` (BAD_USER_INPUT naming each field otherwise).
 */
export function checkReferences(refs: InitiativeReferences, found: FoundReference[], strategyId: string): void {
  const byKey = new Map(found.map((row) => [`${row.kind}:${row.id}`, row]));
  const wrongStrategy: FieldError[] = [];
  for (const ref of collect(refs)) {
    const row = byKey.get(`${ref.kind}:${ref.id}`);
    if (!row) throw new NotFoundError(ENTITY[ref.kind], ref.id, ref.field);
    if (ref.kind !== 'organization' && ref.kind !== 'strategy' && row.strategy_id !== strategyId) {
      wrongStrategy.push({
        field: ref.field,
        message: `${ENTITY[ref.kind]} ${ref.id} belongs to another strategy than the initiative`,
      });
    }
  }
  if (wrongStrategy.length) throw new BadUserInputError(wrongStrategy);
}

/** An initiative serves at least one goal, and no list names the same record twice. */
export function checkLists(lists: InitiativeLists): void {
  if (lists.goalIds.length === 0) throw BadUserInputError.field('input.goalIds', 'must name at least one goal');
  refuseDuplicates('input.goalIds', lists.goalIds);
  refuseDuplicates('input.lifeEventIds', lists.lifeEventIds);
  refuseDuplicates('input.partnerIds', lists.partnerIds);
}

function refuseDuplicates(field: string, ids: string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw BadUserInputError.field(field, `names ${id} more than once`);
    seen.add(id);
  }
}

export function refuseEndBeforeStart(startDate: string | null, plannedEndDate: string | null): void {
  if (startDate && plannedEndDate && plannedEndDate < startDate) {
    throw BadUserInputError.field('input.plannedEndDate', `must not be before startDate (${startDate})`);
  }
}
