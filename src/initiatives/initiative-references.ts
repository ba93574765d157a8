import type { EntityManager } from 'typeorm';
import { BadUserInputError, FieldError, NotFoundError } from '../common/errors/index.js';
import { isUuid, normalizeUuid } from '../common/uuid.js';

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

type Kind = 'strategy' | 'goal' | 'focusArea' | 'lifeEvent' | 'organization';

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

/** A list that names the same record twice is refused (the validation pipe says so too; the demo load skips it). */
export function refuseDuplicates(field: string, ids: string[] | undefined): void {
  if (!ids) return;
  const seen = new Set<string>();
  ids.forEach((id) => {
    if (seen.has(id)) throw BadUserInputError.field(field, `names ${id} more than once`);
    seen.add(id);
  });
}

/**
 * Every id must name an existing record (NOT_FOUND naming the field otherwise, also for a malformed id),
 * and goals, focus areas and life events must belong to `strategyId` (BAD_USER_INPUT naming each field
 * otherwise). One statement for all of them.
 */
export async function checkReferences(
  manager: EntityManager,
  strategyId: string,
  refs: InitiativeReferences,
): Promise<void> {
  const all = collect(refs);
  const malformed = all.find((ref) => !isUuid(ref.id));
  if (malformed) throw new NotFoundError(ENTITY[malformed.kind], malformed.id, malformed.field);
  if (all.length === 0) return;
  const idsOf = (kind: Kind) => [...new Set(all.filter((ref) => ref.kind === kind).map((ref) => ref.id))];
  const rows: { kind: Kind; id: string; strategy_id: string | null }[] = await manager.query(
    `SELECT 'strategy' AS kind, id::text, id::text AS strategy_id FROM strategy WHERE id = ANY($1::uuid[])
     UNION ALL SELECT 'goal', id::text, strategy_id::text FROM goal WHERE id = ANY($2::uuid[])
     UNION ALL SELECT 'focusArea', id::text, strategy_id::text FROM focus_area WHERE id = ANY($3::uuid[])
     UNION ALL SELECT 'lifeEvent', id::text, strategy_id::text FROM life_event WHERE id = ANY($4::uuid[])
     UNION ALL SELECT 'organization', id::text, NULL FROM organization WHERE id = ANY($5::uuid[])`,
    [idsOf('strategy'), idsOf('goal'), idsOf('focusArea'), idsOf('lifeEvent'), idsOf('organization')],
  );
  const found = new Map(rows.map((row) => [`${row.kind}:${row.id}`, row]));
  const wrongStrategy: FieldError[] = [];
  for (const ref of all) {
    const row = found.get(`${ref.kind}:${ref.id}`);
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
