import { mod11CheckDigit } from '../../src/common/org-number.js';
import type { TestApp } from './test-app.js';

/**
 * Builds plan records straight in SQL, for tests that are about something else than creating them
 * (status updates, the overview, the listing). Tests of the create mutations use the API instead.
 */

let orgSeed = 10_000_000;

/** A fresh valid organisation number (MOD11), different on every call. */
export function nextOrgNumber(): string {
  for (;;) {
    const firstEight = String(orgSeed++ + Math.floor(Math.random() * 1000) * 1000);
    const check = mod11CheckDigit(firstEight.slice(0, 8).padStart(8, '9'));
    if (check !== null) return `${firstEight.slice(0, 8).padStart(8, '9')}${check}`;
  }
}

type Sql = Pick<TestApp, 'sql'>;

export async function insertOrganization(
  t: Sql,
  values: {
    orgNumber?: string;
    name?: string;
    shortName?: string | null;
    kind?: string;
    parentId?: string | null;
  } = {},
): Promise<{ id: string; orgNumber: string }> {
  const orgNumber = values.orgNumber ?? nextOrgNumber();
  const [row] = await t.sql(
    `INSERT INTO organization (org_number, name, short_name, kind, parent_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      orgNumber,
      values.name ?? `Virksomhet ${orgNumber}`,
      values.shortName ?? null,
      values.kind ?? 'AGENCY',
      values.parentId ?? null,
    ],
  );
  return { id: row.id, orgNumber };
}

export async function insertStrategy(
  t: Sql,
  values: { slug?: string; title?: string; periodStart?: number; periodEnd?: number } = {},
): Promise<{ id: string; slug: string }> {
  const slug = values.slug ?? `strategi-${Math.random().toString(36).slice(2, 8)}`;
  const [row] = await t.sql(
    `INSERT INTO strategy (slug, title, period_start, period_end) VALUES ($1, $2, $3, $4) RETURNING id`,
    [slug, values.title ?? `Strategi ${slug}`, values.periodStart ?? 2019, values.periodEnd ?? 2025],
  );
  return { id: row.id, slug };
}

export async function insertGoal(t: Sql, strategyId: string, number: number, title = `Mål ${number}`): Promise<string> {
  const [row] = await t.sql(`INSERT INTO goal (strategy_id, number, title) VALUES ($1, $2, $3) RETURNING id`, [
    strategyId,
    number,
    title,
  ]);
  return row.id;
}

export async function insertFocusArea(t: Sql, strategyId: string, slug: string, title = slug): Promise<string> {
  const [row] = await t.sql(`INSERT INTO focus_area (strategy_id, slug, title) VALUES ($1, $2, $3) RETURNING id`, [
    strategyId,
    slug,
    title,
  ]);
  return row.id;
}

export async function insertLifeEvent(t: Sql, strategyId: string, slug: string, title = slug): Promise<string> {
  const [row] = await t.sql(`INSERT INTO life_event (strategy_id, slug, title) VALUES ($1, $2, $3) RETURNING id`, [
    strategyId,
    slug,
    title,
  ]);
  return row.id;
}

export interface InitiativeFixture {
  strategyId: string;
  code: string;
  goalIds: string[];
  executingAgencyId: string;
  title?: string;
  summary?: string;
  description?: string | null;
  lifecycle?: string;
  focusAreaId?: string | null;
  lifeEventIds?: string[];
  responsibleMinistryId?: string | null;
  partnerIds?: string[];
  contacts?: { name: string; email: string | null; role: string | null }[];
}

export async function insertInitiative(t: Sql, values: InitiativeFixture): Promise<string> {
  const [row] = await t.sql(
    `INSERT INTO initiative (strategy_id, code, title, summary, description, lifecycle, focus_area_id, responsible_ministry_id, executing_agency_id, contacts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      values.strategyId,
      values.code,
      values.title ?? `Tiltak ${values.code}`,
      values.summary ?? `Sammendrag for ${values.code}`,
      values.description ?? null,
      values.lifecycle ?? 'ACTIVE',
      values.focusAreaId ?? null,
      values.responsibleMinistryId ?? null,
      values.executingAgencyId,
      JSON.stringify(values.contacts ?? []),
    ],
  );
  for (const goalId of values.goalIds)
    await t.sql(`INSERT INTO initiative_goal (initiative_id, goal_id) VALUES ($1, $2)`, [row.id, goalId]);
  for (const [i, id] of (values.lifeEventIds ?? []).entries()) {
    await t.sql(`INSERT INTO initiative_life_event (initiative_id, life_event_id, position) VALUES ($1, $2, $3)`, [
      row.id,
      id,
      i,
    ]);
  }
  for (const [i, id] of (values.partnerIds ?? []).entries()) {
    await t.sql(`INSERT INTO initiative_partner (initiative_id, organization_id, position) VALUES ($1, $2, $3)`, [
      row.id,
      id,
      i,
    ]);
  }
  return row.id;
}

export interface StatusUpdateFixture {
  initiativeId: string;
  period: string;
  status?: string;
  state?: 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED';
  summary?: string;
  progressPercent?: number | null;
  obstacles?: string[];
  authorSubject?: string;
  /** For APPROVED: when it was published (default now) */
  publishedAt?: Date;
  submittedAt?: Date;
  /** Default: submittedAt (null for a DRAFT) */
  firstSubmittedAt?: Date | null;
}

/**
 * Inserts an update in the given state. An APPROVED one also records the initiative's current status the
 * way approval does (only when its period is the newest approved one).
 */
export async function insertStatusUpdate(t: Sql, values: StatusUpdateFixture): Promise<string> {
  const state = values.state ?? 'APPROVED';
  const status = values.status ?? 'ON_TRACK';
  const submitted = state === 'DRAFT' ? null : (values.submittedAt ?? new Date());
  const published = state === 'APPROVED' ? (values.publishedAt ?? new Date()) : null;
  const [row] = await t.sql(
    `INSERT INTO status_update (initiative_id, period, status, progress_percent, summary, obstacles, state, author_subject, submitted_at, reviewed_at, reviewer_subject, published_at, first_submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      values.initiativeId,
      values.period,
      status,
      values.progressPercent ?? null,
      values.summary ?? `Status ${values.period}`,
      values.obstacles ?? [],
      state,
      values.authorSubject ?? 'fixture-owner',
      submitted,
      state === 'APPROVED' || state === 'RETURNED' ? (published ?? new Date()) : null,
      state === 'APPROVED' || state === 'RETURNED' ? 'fixture-reviewer' : null,
      published,
      values.firstSubmittedAt === undefined ? submitted : values.firstSubmittedAt,
    ],
  );
  await t.sql(
    `INSERT INTO status_update_author (status_update_id, subject, saved, submitted) VALUES ($1, $2, true, $3)`,
    [row.id, values.authorSubject ?? 'fixture-owner', state !== 'DRAFT'],
  );
  if (state === 'APPROVED') {
    await t.sql(
      `UPDATE initiative SET current_status = $2, current_status_period = $3
       WHERE id = $1 AND (current_status_period IS NULL OR current_status_period <= $3)`,
      [values.initiativeId, status, values.period],
    );
  }
  return row.id;
}

export interface PlanFixture {
  strategyId: string;
  strategySlug: string;
  goalIds: string[];
  agencies: { id: string; orgNumber: string }[];
  initiativeIds: string[];
}

/**
 * A strategy with `goals` goals, `agencies` agencies and `initiatives` ACTIVE initiatives coded 1..n
 * (each under goal ((i-1) mod goals) + 1, executed by agency ((i-1) mod agencies)).
 */
export async function insertPlan(
  t: Sql,
  options: { goals?: number; agencies?: number; initiatives?: number; slug?: string } = {},
): Promise<PlanFixture> {
  const strategy = await insertStrategy(t, { slug: options.slug });
  const goalIds: string[] = [];
  for (let n = 1; n <= (options.goals ?? 3); n++) goalIds.push(await insertGoal(t, strategy.id, n));
  const agencies: { id: string; orgNumber: string }[] = [];
  for (let n = 0; n < (options.agencies ?? 2); n++) agencies.push(await insertOrganization(t));
  const initiativeIds: string[] = [];
  for (let i = 1; i <= (options.initiatives ?? 5); i++) {
    initiativeIds.push(
      await insertInitiative(t, {
        strategyId: strategy.id,
        code: `${((i - 1) % goalIds.length) + 1}.${Math.floor((i - 1) / goalIds.length) + 1}`,
        goalIds: [goalIds[(i - 1) % goalIds.length]],
        executingAgencyId: agencies[(i - 1) % agencies.length].id,
      }),
    );
  }
  return { strategyId: strategy.id, strategySlug: strategy.slug, goalIds, agencies, initiativeIds };
}

/**
 * Adds `count` ACTIVE initiatives coded 9.from, 9.from+1, ... to the plan (every fifth also under a second
 * goal, agencies in turn), in two set-based statements: for tests that grow a plan and count statements.
 */
export async function insertNumberedInitiatives(t: Sql, plan: PlanFixture, from: number, count: number): Promise<void> {
  await t.sql(
    `INSERT INTO initiative (strategy_id, code, title, summary, executing_agency_id, lifecycle)
     SELECT $1, '9.' || n, 'Tiltak ' || n, 'Sammendrag ' || n, ($2::uuid[])[1 + n % array_length($2::uuid[], 1)], 'ACTIVE'
     FROM generate_series($3::int, $4::int) n`,
    [plan.strategyId, plan.agencies.map((a) => a.id), from, from + count - 1],
  );
  await t.sql(
    `INSERT INTO initiative_goal (initiative_id, goal_id)
     SELECT i.id, g.id FROM initiative i
     JOIN LATERAL (SELECT substring(i.code from 3)::int AS n) x ON true
     JOIN goal g ON g.strategy_id = i.strategy_id AND (g.number = 1 + x.n % 3 OR (x.n % 5 = 0 AND g.number = 1 + (x.n + 1) % 3))
     WHERE i.strategy_id = $1 AND i.code LIKE '9.%' AND substring(i.code from 3)::int BETWEEN $2 AND $3`,
    [plan.strategyId, from, from + count - 1],
  );
}

/**
 * A plan of `initiatives` initiatives in one statement each for initiatives, goal links and approved
 * updates (set-based, for tests that need the plan's size rather than its details).
 */
export async function insertLargePlan(
  t: Sql,
  options: { initiatives: number; goals?: number; period?: string; summaryLength?: number },
): Promise<{ strategyId: string; strategySlug: string; goalIds: string[] }> {
  const strategy = await insertStrategy(t);
  const goalIds: string[] = [];
  for (let n = 1; n <= (options.goals ?? 3); n++) goalIds.push(await insertGoal(t, strategy.id, n));
  const agency = await insertOrganization(t);
  await t.sql(
    `INSERT INTO initiative (strategy_id, code, title, summary, lifecycle, executing_agency_id)
     SELECT $1, 'T.' || n, 'Tiltak ' || n, repeat('Sammendrag ', $4), 'ACTIVE', $2
     FROM generate_series(1, $3) AS n`,
    [strategy.id, agency.id, options.initiatives, Math.ceil((options.summaryLength ?? 100) / 11)],
  );
  await t.sql(
    `INSERT INTO initiative_goal (initiative_id, goal_id)
     SELECT i.id, ($2::uuid[])[1 + (row_number() OVER (ORDER BY i.code))::int % array_length($2::uuid[], 1)]
     FROM initiative i WHERE i.strategy_id = $1`,
    [strategy.id, goalIds],
  );
  if (options.period) {
    await t.sql(
      `INSERT INTO status_update (initiative_id, period, status, summary, state, author_subject, submitted_at,
                                  first_submitted_at, reviewed_at, reviewer_subject, published_at)
       SELECT i.id, $2, 'ON_TRACK', 'Status ' || i.code, 'APPROVED', 'fixture-owner', now(), now(), now(), 'fixture-reviewer', now()
       FROM initiative i WHERE i.strategy_id = $1`,
      [strategy.id, options.period],
    );
  }
  return { strategyId: strategy.id, strategySlug: strategy.slug, goalIds };
}
