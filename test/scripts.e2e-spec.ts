import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** The migration commands use the server's configuration (here DATABASE_URL) and the compiled scripts. */
describe('npm run migration:run / migration:revert', () => {
  let url: string;
  beforeAll(async () => {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const name = `t_scripts_${process.pid}_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = process.env.TEST_DATABASE_URL!.replace(/\/[^/]*$/, `/${name}`);
  });

  const migrate = (...args: string[]) =>
    run(process.execPath, ['dist/scripts/migrate.js', ...args], {
      env: { PATH: process.env.PATH, DATABASE_URL: url, LOG_LEVEL: 'silent' },
    });
  const tables = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('initiative', 'status_update', 'audit_event')`,
      );
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  it('applies, reports nothing pending, and reverts', async () => {
    expect((await migrate()).stdout).toMatch(/Applied: InitialSchema/);
    expect(await tables()).toBe(3);
    expect((await migrate()).stdout).toMatch(/No pending migrations/);
    expect((await migrate('--revert')).stdout).toMatch(/Reverted/);
    expect(await tables()).toBe(0);
    await migrate();
    expect(await tables()).toBe(3);
  });

  it('stops with a message naming a bad variable', async () => {
    await expect(
      run(process.execPath, ['dist/scripts/migrate.js'], {
        env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope' },
      }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/DATABASE_URL/) });
  });
});
