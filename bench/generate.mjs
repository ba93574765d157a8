// Generates a realistic plan of a chosen size straight into a migrated database, with set-based SQL
// (generate_series), so 5000 initiatives × 28 quarters of updates load in seconds.
//
// The shape is the demo data's, scaled: one strategy with 6 goals, 5 focus areas, 7 life events, 7 ministries
// and an agency per ten initiatives; codes "goal.n"; about 28 % of the initiatives serve a second goal;
// 70 % ACTIVE, 20 % COMPLETED, 5 % PLANNED, 5 % DISCONTINUED; every initiative reports each quarter from its
// start (within the first two years) in 2019-Q1..2025-Q4; 97 % of the past quarters are APPROVED with a few
// gaps, and the newest quarter is still being reported (APPROVED, SUBMITTED, DRAFT, RETURNED or missing).
// Pseudo-random choices come from hashtext(), so the same size always gives the same plan.

const GOAL_TITLES = [
  'Offentlig sektor digitaliseres på en åpen, inkluderende og tillitvekkende måte.',
  'Innbyggere og næringsliv opplever sammenhengende tjenester.',
  'Offentlig sektor utnytter data til bedre tjenester og mer effektiv ressursbruk.',
  'Offentlig sektor tar i bruk felles økosystemer og fellesløsninger.',
  'Digitale tjenester er sikre og tilgjengelige.',
  'Offentlig sektor har kompetanse og ledelse for digital omstilling.',
];

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];
/** The n-th valid organisation number (MOD11) of a private range. */
function orgNumbers(count, seed) {
  const out = [];
  for (let n = seed; out.length < count; n++) {
    const first = String(n).padStart(8, '9').slice(0, 8);
    const remainder = WEIGHTS.reduce((sum, w, i) => sum + w * Number(first[i]), 0) % 11;
    const check = remainder === 0 ? 0 : 11 - remainder;
    if (check !== 10) out.push(`${first}${check}`);
  }
  return out;
}

/**
 * @param {import('pg').Client} client connected to a migrated, empty database
 * @param {{ initiatives: number, goals?: number, firstYear?: number, lastYear?: number }} options
 */
export async function generatePlan(client, options) {
  const initiatives = options.initiatives;
  const goals = options.goals ?? 6;
  const firstYear = options.firstYear ?? 2019;
  const lastYear = options.lastYear ?? 2025;
  const ministries = 7;
  const agencies = Math.max(10, Math.round(initiatives / 10));
  const started = Date.now();

  await client.query('BEGIN');
  const [{ id: strategyId }] = (
    await client.query(
      `INSERT INTO strategy (slug, title, period_start, period_end, description)
       VALUES ('en-digital-offentlig-sektor', 'Én digital offentlig sektor', $1, $2, 'Digitaliseringsstrategi for offentlig sektor, fra regjeringen og KS.')
       RETURNING id`,
      [firstYear, lastYear],
    )
  ).rows;

  await client.query(
    `INSERT INTO goal (strategy_id, number, title, description)
     SELECT $1, n, ($2::text[])[1 + (n - 1) % array_length($2::text[], 1)], 'Beskrivelse av mål ' || n
     FROM generate_series(1, $3::int) n`,
    [strategyId, GOAL_TITLES, goals],
  );
  await client.query(
    `INSERT INTO focus_area (strategy_id, slug, title) SELECT $1, 'innsatsomrade-' || n, 'Innsatsområde ' || n FROM generate_series(1, 5) n`,
    [strategyId],
  );

  const numbers = orgNumbers(ministries + agencies, 91_000_000);
  await client.query(
    `INSERT INTO organization (org_number, name, short_name, kind)
     SELECT num, 'Departement ' || ord, 'DEP' || ord, 'MINISTRY' FROM unnest($1::text[]) WITH ORDINALITY AS t(num, ord)`,
    [numbers.slice(0, ministries)],
  );
  await client.query(
    `INSERT INTO organization (org_number, name, short_name, kind, parent_id)
     SELECT num, 'Direktoratet for område ' || ord, 'DIR' || ord, 'AGENCY',
       (SELECT id FROM organization WHERE kind = 'MINISTRY' ORDER BY org_number OFFSET (ord % $2) LIMIT 1)
     FROM unnest($1::text[]) WITH ORDINALITY AS t(num, ord)`,
    [numbers.slice(ministries), ministries],
  );
  await client.query(
    `INSERT INTO life_event (strategy_id, slug, title, responsible_ministry_id)
     SELECT $1, 'livshendelse-' || n, 'Livshendelse ' || n,
       (SELECT id FROM organization WHERE kind = 'MINISTRY' ORDER BY org_number OFFSET (n % 7) LIMIT 1)
     FROM generate_series(1, 7) n`,
    [strategyId],
  );

  // Initiative n: primary goal 1 + (n-1) % goals, code "<goal>.<1 + (n-1) / goals>".
  await client.query(
    `WITH orgs AS (
       SELECT array_agg(id ORDER BY org_number) FILTER (WHERE kind = 'AGENCY') AS agencies,
              array_agg(id ORDER BY org_number) FILTER (WHERE kind = 'MINISTRY') AS ministries
       FROM organization
     ), areas AS (SELECT array_agg(id ORDER BY slug) AS ids FROM focus_area WHERE strategy_id = $1)
     INSERT INTO initiative (strategy_id, code, title, summary, description, focus_area_id, responsible_ministry_id,
                             executing_agency_id, start_date, planned_end_date, lifecycle, links, contacts, created_at)
     SELECT $1,
       (1 + (n - 1) % $3) || '.' || (1 + (n - 1) / $3),
       'Tiltak ' || n || ': ' || (ARRAY['Sammenhengende tjenester for', 'Felles løsning for', 'Deling av data om', 'Digital veiledning om', 'Modernisering av'])[1 + n % 5]
         || ' ' || (ARRAY['barnefamilier', 'næringslivet', 'eldre', 'studenter', 'arbeidssøkere', 'kommunene', 'helse'])[1 + n % 7],
       'Tiltaket skal gjøre det enklere for brukerne å finne fram, søke og få svar, ved at virksomhetene deler data og samarbeider om tjenestene. Arbeidet skjer i tett dialog med kommunene.',
       repeat('Tiltaket bygger på erfaringer fra tidligere prosjekter og gjennomføres i flere trinn. ', 4 + n % 5),
       areas.ids[1 + n % 5],
       orgs.ministries[1 + n % array_length(orgs.ministries, 1)],
       orgs.agencies[1 + n % array_length(orgs.agencies, 1)],
       make_date($4 + (n % 3), 1 + (n % 12), 1),
       make_date($5, 12, 31),
       CASE WHEN n % 20 < 14 THEN 'ACTIVE' WHEN n % 20 < 18 THEN 'COMPLETED' WHEN n % 20 = 18 THEN 'PLANNED' ELSE 'DISCONTINUED' END,
       jsonb_build_array(jsonb_build_object('title', 'Prosjektside', 'url', 'https://www.digdir.no/tiltak/' || n)),
       jsonb_build_array(jsonb_build_object('name', 'Kontakt ' || n, 'email', 'kontakt' || n || '@example.no', 'role', 'Prosjektleder')),
       now() - make_interval(secs => $2::int - n)
     FROM generate_series(1, $2::int) n, orgs, areas`,
    [strategyId, initiatives, goals, firstYear, lastYear],
  );
  // n recovered from the code: (seq - 1) * goals + goal.
  const nOf = `((split_part(i.code, '.', 2)::int - 1) * ${goals} + split_part(i.code, '.', 1)::int)`;
  await client.query(
    `INSERT INTO initiative_goal (initiative_id, goal_id)
     SELECT i.id, g.id FROM initiative i
     JOIN goal g ON g.strategy_id = i.strategy_id
       AND (g.number = split_part(i.code, '.', 1)::int
            OR ((hashtext('second-goal' || i.code) & 1023) % 100 < 28 AND g.number = 1 + split_part(i.code, '.', 1)::int % $2))
     WHERE i.strategy_id = $1`,
    [strategyId, goals],
  );
  await client.query(
    `INSERT INTO initiative_life_event (initiative_id, life_event_id, position)
     SELECT i.id, le.id, 0 FROM initiative i
     JOIN life_event le ON le.slug = 'livshendelse-' || (1 + ${nOf} % 7)
     WHERE i.strategy_id = $1 AND ${nOf} % 3 = 0`,
    [strategyId],
  );
  await client.query(
    `WITH agencies AS (SELECT array_agg(id ORDER BY org_number) AS ids FROM organization WHERE kind = 'AGENCY')
     INSERT INTO initiative_partner (initiative_id, organization_id, position)
     SELECT DISTINCT ON (i.id, p.org) i.id, p.org, p.k FROM initiative i, agencies,
       LATERAL (SELECT agencies.ids[1 + (${nOf} * 7 + k * 13) % array_length(agencies.ids, 1)] AS org, k FROM generate_series(0, ${nOf} % 3) k) p
     WHERE i.strategy_id = $1 AND p.org <> i.executing_agency_id`,
    [strategyId],
  );
  await client.query(
    `INSERT INTO delivery (initiative_id, title, description, due_date, state, completed_on)
     SELECT i.id, 'Leveranse ' || k || ' for ' || i.code, 'Beskrivelse av leveransen.',
       make_date(2020 + (${nOf} + k) % 6, 1 + (k * 5) % 12, 15),
       CASE WHEN (2020 + (${nOf} + k) % 6) < 2025 THEN 'DONE' ELSE 'PLANNED' END,
       CASE WHEN (2020 + (${nOf} + k) % 6) < 2025 THEN make_date(2020 + (${nOf} + k) % 6, 1 + (k * 5) % 12, 20) END
     FROM initiative i, generate_series(1, 3) k
     WHERE i.strategy_id = $1`,
    [strategyId],
  );

  // One row per initiative and quarter from its start; h is a stable pseudo-random 0..99 per row.
  await client.query(
    `WITH quarters AS (
       SELECT y || '-Q' || q AS period, (y - $2) * 4 + q - 1 AS k, make_date(y, q * 3, 1) + interval '1 month' AS quarter_end
       FROM generate_series($2::int, $3::int) y, generate_series(1, 4) q
     ), last AS (SELECT max(k) AS k FROM quarters),
     rows AS (
       SELECT i.id AS initiative_id, i.lifecycle, ${nOf} AS n, qu.period, qu.k, qu.quarter_end, last.k AS last_k,
         (hashtext(i.code || '@' || qu.period) & 1048575) % 100 AS h,
         (hashtext(qu.period || '#' || i.code) & 1048575) % 100 AS h2
       FROM initiative i CROSS JOIN quarters qu CROSS JOIN last
       WHERE i.strategy_id = $1 AND i.lifecycle <> 'PLANNED' AND qu.k >= (${nOf} * 7) % 8
     ),
     states AS (
       SELECT r.*,
         CASE
           WHEN r.k < r.last_k THEN CASE WHEN r.h < 97 THEN 'APPROVED' END
           WHEN r.h < 60 THEN 'APPROVED' WHEN r.h < 75 THEN 'SUBMITTED' WHEN r.h < 85 THEN 'DRAFT' WHEN r.h < 90 THEN 'RETURNED'
         END AS state,
         CASE
           WHEN r.lifecycle = 'COMPLETED' AND r.k >= r.last_k - 2 THEN 'COMPLETED'
           WHEN r.lifecycle = 'DISCONTINUED' AND r.k >= r.last_k - 4 THEN 'STOPPED'
           WHEN r.k - (r.n * 7) % 8 < 1 THEN 'NOT_STARTED'
           WHEN r.h2 < 58 THEN 'ON_TRACK' WHEN r.h2 < 85 THEN 'MINOR_DELAYS' WHEN r.h2 < 97 THEN 'MAJOR_DELAYS' ELSE 'NOT_STARTED'
         END AS status
       FROM rows r
     )
     INSERT INTO status_update (initiative_id, period, status, progress_percent, summary, achievements, next_steps, risks, obstacles,
                                state, author_subject, author_name, submitted_at, first_submitted_at, reviewed_at, reviewer_subject, review_comment,
                                published_at, created_at, updated_at)
     SELECT s.initiative_id, s.period, s.status, LEAST(100, (s.k - (s.n * 7) % 8) * 4 + s.h2 % 5),
       'Kvartalet ' || s.period || ': ' || (ARRAY['Arbeidet går etter planen, og de viktigste leveransene er i rute.',
         'Noe forsinkelse på grunn av kapasitet, men tiltaket forventes å nå målene for året.',
         'Vesentlige forsinkelser; avklaringer med samarbeidspartnere pågår.',
         'Pilot er gjennomført med gode resultater og skal skaleres opp.'])[1 + s.h2 % 4],
       repeat('Ferdigstilt analyse og gjennomført brukertesting med innbyggere. ', 2 + s.h % 4),
       'Videre arbeid med utvikling, testing og forankring hos samarbeidspartnerne.',
       CASE WHEN s.h % 3 = 0 THEN 'Risiko for forsinkelse dersom finansieringen ikke avklares.' END,
       CASE WHEN s.h2 % 10 < 3 THEN ARRAY[(ARRAY['CAPACITY','FUNDING','LEGAL','COORDINATION','TECHNOLOGY','COMPETENCE','OTHER'])[1 + s.h % 7]]::varchar(20)[]
            WHEN s.h2 % 10 = 3 THEN ARRAY['CAPACITY', 'FUNDING']::varchar(20)[]
            ELSE '{}' END,
       s.state, 'owner-' || s.n, 'Eier ' || s.n,
       CASE WHEN s.state <> 'DRAFT' THEN s.quarter_end + interval '10 days' END,
       CASE WHEN s.state <> 'DRAFT' THEN s.quarter_end + interval '10 days' END,
       CASE WHEN s.state IN ('APPROVED', 'RETURNED') THEN s.quarter_end + interval '15 days' + make_interval(mins => s.h) END,
       CASE WHEN s.state IN ('APPROVED', 'RETURNED') THEN 'reviewer-' || (s.h % 4) END,
       CASE WHEN s.state = 'RETURNED' THEN 'Utdyp forsinkelsene og oppdater fremdriften.' END,
       CASE WHEN s.state = 'APPROVED' THEN s.quarter_end + interval '15 days' + make_interval(mins => s.h) END,
       s.quarter_end, s.quarter_end + interval '15 days'
     FROM states s
     WHERE s.state IS NOT NULL`,
    [strategyId, firstYear, lastYear],
  );
  // What approval records on the initiative: the status of its newest approved update.
  await client.query(
    `UPDATE initiative i SET current_status = x.status, current_status_period = x.period
     FROM (SELECT DISTINCT ON (initiative_id) initiative_id, status, period FROM status_update
           WHERE state = 'APPROVED' ORDER BY initiative_id, period DESC) x
     WHERE x.initiative_id = i.id`,
  );
  await client.query('COMMIT');
  // What autovacuum does to a live database soon after such a load: statistics and the visibility map
  // (index-only scans, such as the timeline's, need the latter).
  await client.query('VACUUM ANALYZE');

  const {
    rows: [counts],
  } = await client.query(
    `SELECT (SELECT count(*) FROM initiative)::int AS initiatives, (SELECT count(*) FROM initiative_goal)::int AS goal_links,
       (SELECT count(*) FROM status_update)::int AS updates, (SELECT count(*) FROM status_update WHERE state = 'APPROVED')::int AS approved,
       (SELECT count(*) FROM organization)::int AS organizations`,
  );
  return { ...counts, strategyId, seconds: (Date.now() - started) / 1000 };
}
