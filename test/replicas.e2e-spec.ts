import { graphql } from './graphql/graphql.js';
import { insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import { startPrimaryWithReplica, type PrimaryWithReplica } from './support/replica.js';
import { GET, SAVE, saveInput, THIS_QUARTER } from './support/status-updates.js';
import { createTestApp, DataOf, querySource, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const OVERVIEW = graphql(
  `query ReplicaOverview { statusOverview { period goals { initiatives { status initiative { code } } } } }`,
);
const APPROVE = graphql(`mutation ApproveOnPrimary($id: ID!) { approveStatusUpdate(id: $id) { id state } }`);
const REVIEWER = { role: Role.REVIEWER, sub: 'replica-reviewer' };
/** The application_name of the instances' connections to the replica (src/database/replicas.ts). */
const REPLICA_SESSIONS = 'handlingsplan-replica-1';
const MAX_LAG_MS = 1000;

type Overview = DataOf<typeof OVERVIEW>;
interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Overview; errors?: { message: string; extensions?: { code?: string } }[] };
  started: number;
  ended: number;
}

/** An anonymous GET of the portal's overview: what a CDN and the in-process cache may keep. */
async function getOverview(t: TestApp): Promise<Answer> {
  const url = new URL(`${t.url}/graphql`);
  url.searchParams.set('query', querySource(OVERVIEW));
  const started = Date.now();
  const res = await fetch(url);
  const body = (await res.json()) as Answer['body'];
  return { status: res.status, headers: res.headers, body, started, ended: Date.now() };
}

let probes = 0;
/**
 * An anonymous POST of the overview that no cache has seen (a comment of its own makes its text, and so its
 * cache key, new): it always reads the database.
 */
async function probe(t: TestApp): Promise<Answer> {
  const started = Date.now();
  const res = await t.gql(`# probe ${++probes}\n${querySource(OVERVIEW)}`);
  const body = { data: res.data as Overview | undefined, errors: res.errors };
  return { status: res.status, headers: res.headers, body, started, ended: Date.now() };
}

const statusOf = (answer: Answer, code: string) =>
  answer.body.data?.statusOverview.goals.flatMap((g) => g.initiatives).find((s) => s.initiative.code === code)?.status;

async function readiness(t: TestApp) {
  const res = await fetch(`${t.url}/health/ready`);
  const body = (await res.json()) as {
    status: string;
    details: { replicas?: Record<string, { state: string; lagSeconds: number | null } | string> };
  };
  const replica = body.details.replicas?.['replica-1'] as { state: string; lagSeconds: number | null } | undefined;
  return { status: res.status, body, replica };
}

/** Polls until `done` holds, at most `ms`; returns the last value (the caller's expect says what was missing). */
async function eventually<T>(work: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await work();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two server instances on one PostgreSQL primary and a real streaming replica of it (a base backup made with
 * pg_backup_start/pg_backup_stop, standby.signal and primary_conninfo: test/support/replica.ts), both on
 * loopback. Anonymous reads go to the replica while it is up and has replayed the newest write heard of.
 */
describe('read replicas: a real streaming replica', () => {
  let cluster: PrimaryWithReplica;
  let a: TestApp;
  let b: TestApp;
  let plan: PlanFixture;
  /** The overview statements (they read status_update) the instances sent the replica so far. */
  const replicaReads = () =>
    cluster.replica.statements(REPLICA_SESSIONS).filter((s) => s.includes('status_update')).length;
  /** The replica's state as an instance's readiness names it, once it is `state`. */
  const stateBecomes = async (t: TestApp, state: string) =>
    (
      await eventually(
        () => readiness(t),
        (r) => r.replica?.state === state,
      )
    ).replica?.state;
  /** A probe through `t` that the replica answered (retried while the instance still reads the primary). */
  const probeOnReplica = async (t: TestApp) => {
    let answer: Answer | undefined;
    let before = 0;
    const readsAfter = await eventually(
      async () => {
        before = replicaReads();
        answer = await probe(t);
        await cluster.replica.logFlushed(); // its log lines travel through a pipe
        return replicaReads();
      },
      (after) => after > before,
    );
    return { answer: answer!, servedByReplica: readsAfter > before };
  };

  beforeAll(async () => {
    cluster = await startPrimaryWithReplica();
    const env = {
      DATABASE_REPLICA_URLS: cluster.replicaUrl,
      REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      RATE_LIMIT_WRITES: '0',
      DB_CONNECT_TIMEOUT_MS: '3000',
    };
    a = await createTestApp({ databaseUrl: cluster.databaseUrl, env });
    // A second instance on the same primary and replica, as behind a load balancer.
    b = await createTestApp({ databaseUrl: cluster.databaseUrl, dataDir: a.config.dataDir, env });
    plan = await insertPlan(a, { goals: 2, initiatives: 4 });
    for (const initiativeId of plan.initiativeIds)
      await insertStatusUpdate(a, { initiativeId, period: '2024-Q1', status: 'ON_TRACK' });
    await a.sql(`SELECT pg_notify('plan_changed', 'fixtures')`); // the fixtures wrote behind the apps' backs
    await cluster.caughtUp();
  }, 180_000);

  afterAll(async () => {
    await cluster?.replica.sql('SELECT pg_wal_replay_resume()').catch(() => undefined);
    await b?.close();
    await a?.close();
    await cluster?.close();
  });

  it('streams from the primary: pg_stat_replication says streaming, the replica is in recovery, readiness says up', async () => {
    const [replication] = await cluster.sql<{ state: string; application_name: string }>(
      `SELECT state, application_name FROM pg_stat_replication`,
    );
    expect(replication).toEqual({ state: 'streaming', application_name: 'replica_1' });
    const [standby] = await cluster.replica.sql<{ recovery: boolean }>(`SELECT pg_is_in_recovery() AS recovery`);
    expect(standby.recovery).toBe(true);
    // The fixtures came over by streaming, not by the base backup (taken before them).
    const [copied] = await cluster.replicaSql<{ n: number }>(`SELECT count(*)::int AS n FROM initiative`);
    expect(copied.n).toBe(4);
    for (const t of [a, b]) {
      expect(await stateBecomes(t, 'up')).toBe('up');
      const ready = await readiness(t);
      expect(ready.status).toBe(200);
      // Up, and a lag within the limit: the primary's own background writes (the job queue's, the write
      // limit's) may be in flight to the replica at the moment the monitor looks.
      expect(ready.replica).toEqual({ state: 'up', lagSeconds: expect.any(Number) });
      expect(ready.replica!.lagSeconds).toBeLessThanOrEqual(MAX_LAG_MS / 1000);
    }
  });

  it('sends anonymous reads to the replica', async () => {
    const { answer, servedByReplica } = await probeOnReplica(b);
    expect(servedByReplica).toBe(true);
    expect(answer.body.errors).toBeUndefined();
    expect(statusOf(answer, '1.1')).toBe('ON_TRACK');
  });

  it('lets an owner read what they just saved at once, from the primary, while the replica has not replayed it', async () => {
    const owner = await a.token({ role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'replica-owner' });
    await cluster.replica.sql('SELECT pg_wal_replay_pause()');
    try {
      const saved = (await a.ok(SAVE, { input: saveInput(plan.initiativeIds[0], THIS_QUARTER) }, owner))
        .saveStatusUpdate;
      const read = await a.gql(GET, { id: saved.id }, owner);
      expect(read.errors).toBeUndefined();
      expect(read.data!.statusUpdate).toMatchObject({ id: saved.id, state: 'DRAFT', version: saved.version });

      const edited = (
        await b.ok(
          SAVE,
          {
            input: saveInput(plan.initiativeIds[0], THIS_QUARTER, {
              summary: 'Endret',
              expectedVersion: saved.version,
            }),
          },
          owner,
        )
      ).saveStatusUpdate;
      const again = await b.gql(GET, { id: saved.id }, owner);
      expect(again.data!.statusUpdate).toMatchObject({ summary: 'Endret', version: edited.version });
      // The replica has neither: had the reads gone there, the owner would have seen nothing.
      const [onReplica] = await cluster.replicaSql<{ n: number }>(
        `SELECT count(*)::int AS n FROM status_update WHERE id = $1`,
        [saved.id],
      );
      expect(onReplica.n).toBe(0);
    } finally {
      await cluster.replica.sql('SELECT pg_wal_replay_resume()');
    }
    await cluster.caughtUp();
  });

  it("shows an approval through one instance on the other's cached portal answer once the replica has it, and never the old answer after", async () => {
    const id = await insertStatusUpdate(a, {
      initiativeId: plan.initiativeIds[1],
      period: '2024-Q2',
      state: 'SUBMITTED',
      status: 'STOPPED',
    });
    await a.sql(`SELECT pg_notify('plan_changed', 'fixture')`);
    await cluster.caughtUp();
    const cached = await eventually(
      () => getOverview(b),
      (x) => x.headers.get('x-response-cache') === 'HIT',
    );
    expect(cached.headers.get('x-response-cache')).toBe('HIT');
    expect(statusOf(cached, '2.1')).toBe('ON_TRACK');

    // The primary commits asynchronously (test/support/replica.ts): an awake WAL writer writes a partly
    // filled page out only every wal_writer_delay, so the approval's commit stays unwritten, and unsent,
    // for a while after its notice arrives. An asynchronous write wakes the writer up (it sleeps long when
    // idle, and is woken by the next commit); then the replica replays everything written before.
    await cluster.sql(`ALTER SYSTEM SET wal_writer_delay = '10s'`);
    await cluster.sql(`ALTER SYSTEM SET bgwriter_lru_maxpages = 0`); // (writing a page writes the WAL before it)
    await cluster.sql(`SELECT pg_reload_conf()`);
    // The WAL writer takes the new delay once it has handled the reload's signal: until then an asynchronous
    // commit is written within the old 200 ms. Once one stays unwritten for a second, the delay is in force.
    const held = await eventually(
      async () => {
        const [{ lsn }] = await cluster.sql<{ lsn: string }>(
          `SELECT pg_logical_emit_message(true, 'wake the WAL writer', '')::text AS lsn`,
        );
        await sleep(1000);
        const [{ unwritten }] = await cluster.sql<{ unwritten: boolean }>(
          `SELECT pg_current_wal_lsn() < $1::pg_lsn AS unwritten`,
          [lsn],
        );
        return unwritten;
      },
      (unwritten) => unwritten,
      15_000,
    );
    expect(held).toBe(true);
    await cluster.caughtUp();
    // b reads the replica now (its monitor has seen it replay past the newest notice): a stale read is possible.
    expect((await probeOnReplica(b)).servedByReplica).toBe(true);

    // Portal visitors keep asking the other instance while the approval is made.
    const answers: Answer[] = [];
    let approvedAt = Infinity;
    let firstNew: Answer | undefined;
    const poll = async () => {
      while (!firstNew || Date.now() < firstNew.ended + 2500) {
        const answer = await getOverview(b);
        answers.push(answer);
        if (!firstNew && answer.started > approvedAt && statusOf(answer, '2.1') === 'STOPPED') firstNew = answer;
        if (Date.now() > approvedAt + 15_000) break;
      }
    };
    // And reads that no cache answers (each its own text), as a portal's other queries are.
    const probed: Answer[] = [];
    const probing = async () => {
      while (!firstNew || Date.now() < firstNew.ended + 2500) {
        if (Date.now() > approvedAt) probed.push(await probe(b));
        else await sleep(10);
        if (Date.now() > approvedAt + 15_000) break;
      }
    };
    const pollers = [poll(), poll(), poll(), probing()];
    try {
      approvedAt = Date.now();
      expect((await a.ok(APPROVE, { id }, REVIEWER)).approveStatusUpdate.state).toBe('APPROVED');
      // The approval's commit is not written out yet, so not on the replica, when its notice arrives: the
      // primary's write position (pg_current_wal_lsn) is still before it, only the insert position past it.
      const [onReplica] = await cluster.replicaSql<{ state: string }>(`SELECT state FROM status_update WHERE id = $1`, [
        id,
      ]);
      expect(onReplica.state).toBe('SUBMITTED');
      await Promise.all(pollers);
    } finally {
      approvedAt = Math.min(approvedAt, Date.now());
      await Promise.all(pollers);
      await cluster.sql(`ALTER SYSTEM RESET wal_writer_delay`);
      await cluster.sql(`ALTER SYSTEM RESET bgwriter_lru_maxpages`);
      await cluster.sql(`SELECT pg_reload_conf()`);
    }

    expect(firstNew).toBeDefined();
    // Well within the cache's 30 s: the notice emptied the cache, and the replica had replayed it.
    expect(firstNew!.ended - approvedAt).toBeLessThan(3000);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.headers.get('cache-control')).toBe('public, max-age=30');
    }
    // Once the new status has been shown, no answer asked for later shows the old one: none was kept.
    const later = answers.filter((x) => x.started > firstNew!.ended);
    expect(later.length).toBeGreaterThan(10);
    expect(later.filter((x) => statusOf(x, '2.1') !== 'STOPPED')).toEqual([]);
    expect(later[later.length - 1].headers.get('x-response-cache')).toBe('HIT');
    const probedLater = probed.filter((x) => x.started > firstNew!.ended);
    expect(probedLater.length).toBeGreaterThan(5);
    expect(probedLater.filter((x) => x.body.errors || statusOf(x, '2.1') !== 'STOPPED')).toEqual([]);
    // Kept before the approval: the old status, from the cache.
    expect(answers.filter((x) => x.ended < approvedAt).every((x) => statusOf(x, '2.1') === 'ON_TRACK')).toBe(true);

    // The replica has the approval and serves the other instance's reads again.
    await cluster.caughtUp();
    const { answer, servedByReplica } = await probeOnReplica(b);
    expect(servedByReplica).toBe(true);
    expect(statusOf(answer, '2.1')).toBe('STOPPED');
  });

  it('skips a replica that lags more than REPLICA_MAX_LAG_MS (readiness: lagging, reads from the primary) and uses it again once it has caught up', async () => {
    const id = await insertStatusUpdate(a, {
      initiativeId: plan.initiativeIds[2],
      period: '2024-Q2',
      state: 'SUBMITTED',
      status: 'COMPLETED',
    });
    await a.sql(`SELECT pg_notify('plan_changed', 'fixture')`);
    await cluster.caughtUp();
    expect((await probeOnReplica(b)).servedByReplica).toBe(true);

    await cluster.replica.sql('SELECT pg_wal_replay_pause()');
    try {
      expect((await a.ok(APPROVE, { id }, REVIEWER)).approveStatusUpdate.state).toBe('APPROVED');
      // From the primary at once (the replica has not replayed the approval that b heard of).
      const shown = await eventually(
        () => getOverview(b),
        (x) => statusOf(x, '1.2') === 'COMPLETED',
        3000,
      );
      expect(statusOf(shown, '1.2')).toBe('COMPLETED');
      const [onReplica] = await cluster.replicaSql<{ state: string }>(`SELECT state FROM status_update WHERE id = $1`, [
        id,
      ]);
      expect(onReplica.state).toBe('SUBMITTED');

      // Past REPLICA_MAX_LAG_MS behind: lagging on both instances, which stay ready.
      for (const t of [a, b]) expect(await stateBecomes(t, 'lagging')).toBe('lagging');
      const ready = await readiness(b);
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ok');
      expect(ready.replica!.lagSeconds).toBeGreaterThan(MAX_LAG_MS / 1000);

      // Reads answer with the approval, and none reaches the replica.
      const before = replicaReads();
      for (let i = 0; i < 5; i++) {
        const answer = await probe(b);
        expect(answer.body.errors).toBeUndefined();
        expect(statusOf(answer, '1.2')).toBe('COMPLETED');
      }
      await cluster.replica.logFlushed();
      expect(replicaReads()).toBe(before);
    } finally {
      await cluster.replica.sql('SELECT pg_wal_replay_resume()');
    }
    await cluster.caughtUp();
    expect(await stateBecomes(b, 'up')).toBe('up');
    const { answer, servedByReplica } = await probeOnReplica(b);
    expect(servedByReplica).toBe(true);
    expect(statusOf(answer, '1.2')).toBe('COMPLETED');
  });

  it('answers anonymous reads from the primary while the replica is stopped (readiness 200, down), and uses it again once it is back', async () => {
    await cluster.replica.stop();
    try {
      // From the moment it stops: every read answers, none fails for the replica's sake.
      const answers: Answer[] = [];
      const until = Date.now() + 2500;
      while (Date.now() < until) answers.push(await probe(b));
      expect(answers.filter((x) => x.body.errors).map((x) => x.body.errors)).toEqual([]);
      expect(answers.every((x) => statusOf(x, '1.2') === 'COMPLETED')).toBe(true);
      const cached = await getOverview(b);
      expect(cached.body.errors).toBeUndefined();

      for (const t of [a, b]) expect(await stateBecomes(t, 'down')).toBe('down');
      const ready = await readiness(b);
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ok');
      expect(ready.replica).toMatchObject({ state: 'down', lagSeconds: null });
    } finally {
      await cluster.replica.start();
    }
    await cluster.caughtUp();
    for (const t of [a, b]) expect(await stateBecomes(t, 'up')).toBe('up');
    const { answer, servedByReplica } = await probeOnReplica(b);
    expect(servedByReplica).toBe(true);
    expect(answer.body.errors).toBeUndefined();
    expect(statusOf(answer, '1.2')).toBe('COMPLETED');
  });
});
