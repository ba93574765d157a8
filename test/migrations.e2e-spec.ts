import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { schemaDrift } from '../src/database/schema-drift.js';
import { createTestDatabase } from './support/test-app.js';

describe('migrations', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    const url = await createTestDatabase();
    dataSource = new DataSource(
      dataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 30000, connectTimeoutMs: 10000 }),
    );
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('leave the database exactly as the entities describe it', async () => {
    const drift = await schemaDrift(dataSource);
    expect(drift.up.map((q) => q.query)).toEqual([]);
  });

  it('revert every migration and apply them again', async () => {
    const migrations = dataSource.migrations.length;
    for (let i = 0; i < migrations; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('migrations', 'typeorm_metadata')`,
    );
    expect(count).toBe(0);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(migrations);
    expect((await schemaDrift(dataSource)).up).toEqual([]);
  });

  it('keep the database rules: an approved status update never changes', async () => {
    const [org] = await dataSource.query(
      `INSERT INTO organization (org_number, name, kind) VALUES ('974760673', 'Brreg', 'AGENCY') RETURNING id`,
    );
    const [strategy] = await dataSource.query(
      `INSERT INTO strategy (slug, title, period_start, period_end) VALUES ('s', 'S', 2019, 2025) RETURNING id`,
    );
    const [initiative] = await dataSource.query(
      `INSERT INTO initiative (strategy_id, code, title, summary, executing_agency_id) VALUES ($1, '1.1', 'T', 'S', $2) RETURNING id`,
      [strategy.id, org.id],
    );
    const [update] = await dataSource.query(
      `INSERT INTO status_update (initiative_id, period, status, summary, state, author_subject, published_at) VALUES ($1, '2024-Q1', 'ON_TRACK', 'x', 'APPROVED', 'a', now()) RETURNING id`,
      [initiative.id],
    );
    await expect(
      dataSource.query(`UPDATE status_update SET summary = 'changed' WHERE id = $1`, [update.id]),
    ).rejects.toThrow(/never changes/);
    await expect(
      dataSource.query(
        `INSERT INTO status_update (initiative_id, period, status, summary, state, author_subject) VALUES ($1, '2024-Q1', 'ON_TRACK', 'y', 'DRAFT', 'a')`,
        [initiative.id],
      ),
    ).rejects.toThrow(/uq_status_update_initiative_period/);
    await expect(
      dataSource.query(`INSERT INTO organization (org_number, name, kind) VALUES ('12345', 'X', 'AGENCY')`),
    ).rejects.toThrow(/ck_organization_org_number/);
  });
});
