// The floor: the portal query's data (bench/portal.graphql, default strategy and period) fetched with ONE
// hand-written SQL statement that builds the whole answer as JSON in PostgreSQL. No server, no GraphQL: the
// least work any implementation has to do, against which the server's p50 is compared.

export const FLOOR_SQL = `
WITH s AS (SELECT id FROM strategy ORDER BY created_at, id LIMIT 1),
p AS (
  SELECT coalesce((
    SELECT su.period FROM status_update su
    WHERE su.state = 'APPROVED' AND EXISTS (SELECT 1 FROM initiative i WHERE i.id = su.initiative_id AND i.strategy_id = s.id)
    ORDER BY su.period DESC LIMIT 1), $1) AS period
  FROM s
),
shown AS MATERIALIZED (
  SELECT i.id, i.code, i.title, i.lifecycle, o.name AS agency_name, o.short_name AS agency_short_name,
         u.period, u.summary, u.published_at, u.progress_percent, u.status
  FROM s CROSS JOIN p
  JOIN initiative i ON i.strategy_id = s.id
  JOIN organization o ON o.id = i.executing_agency_id
  LEFT JOIN LATERAL (
    SELECT su.period, su.summary, su.published_at, su.progress_percent, su.status FROM status_update su
    WHERE su.initiative_id = i.id AND su.state = 'APPROVED' AND su.period <= p.period
    ORDER BY su.period DESC LIMIT 1
  ) u ON true
),
statuses AS (SELECT * FROM unnest(ARRAY['NOT_STARTED','ON_TRACK','MINOR_DELAYS','MAJOR_DELAYS','COMPLETED','STOPPED']) WITH ORDINALITY AS t(status, ord)),
pairs AS (SELECT ig.goal_id, sh.* FROM shown sh JOIN initiative_goal ig ON ig.initiative_id = sh.id),
per_goal AS (
  SELECT pr.goal_id, count(*) AS n,
    json_agg(json_build_object(
      'status', pr.status,
      'upToDate', pr.period IS NOT NULL AND pr.period = (SELECT period FROM p),
      'update', CASE WHEN pr.period IS NOT NULL THEN json_build_object('period', pr.period, 'summary', pr.summary, 'publishedAt', pr.published_at, 'progressPercent', pr.progress_percent) END,
      'initiative', json_build_object('id', pr.id, 'code', pr.code, 'title', pr.title,
                                      'executingAgency', json_build_object('name', pr.agency_name, 'shortName', pr.agency_short_name),
                                      'lifecycle', pr.lifecycle)
    ) ORDER BY pr.code) AS initiatives
  FROM pairs pr GROUP BY pr.goal_id
),
goal_status AS (SELECT goal_id, status, count(*) AS n FROM pairs GROUP BY goal_id, status),
total_status AS (SELECT status, count(*) AS n FROM shown GROUP BY status)
SELECT json_build_object(
  'period', (SELECT period FROM p),
  'initiativeCount', (SELECT count(*) FROM shown),
  'notReported', (SELECT count(*) FROM shown WHERE status IS NULL),
  'lastPublishedAt', (SELECT max(published_at) FROM shown),
  'statusCounts', (SELECT json_agg(json_build_object('status', st.status, 'count', coalesce(ts.n, 0)) ORDER BY st.ord)
                   FROM statuses st LEFT JOIN total_status ts ON ts.status = st.status),
  'goals', (SELECT json_agg(json_build_object(
              'goal', json_build_object('number', g.number, 'title', g.title),
              'initiativeCount', coalesce(pg.n, 0),
              'statusCounts', (SELECT json_agg(json_build_object('status', st.status, 'count', coalesce(gs.n, 0)) ORDER BY st.ord)
                               FROM statuses st LEFT JOIN goal_status gs ON gs.goal_id = g.id AND gs.status = st.status),
              'initiatives', coalesce(pg.initiatives, '[]'::json)
            ) ORDER BY g.number)
            FROM goal g JOIN s ON g.strategy_id = s.id LEFT JOIN per_goal pg ON pg.goal_id = g.id)
) AS overview`;

/**
 * Runs FLOOR_SQL from `connections` concurrent clients for `seconds`; returns requests/s and latencies (ms).
 * @param {import('pg').Pool} pool
 */
export async function measureFloor(pool, { connections, seconds, currentQuarter }) {
  const latencies = [];
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await pool.query(FLOOR_SQL, [currentQuarter]);
          latencies.push(performance.now() - t0);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), total: latencies.length, errors };
}
