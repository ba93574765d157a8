import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { MIGRATIONS } from '../migrations/index.js';

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

  const applied = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(`SELECT count(*)::int AS n FROM migrations`)).rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  it('applies, reports nothing pending, and reverts one migration at a time', async () => {
    expect((await migrate()).stdout).toMatch(/Applied: InitialSchema/);
    expect(await tables()).toBe(3);
    expect(await applied()).toBe(MIGRATIONS.length);
    expect((await migrate()).stdout).toMatch(/No pending migrations/);
    for (let left = MIGRATIONS.length - 1; left >= 0; left--) {
      expect((await migrate('--revert')).stdout).toMatch(/Reverted/);
      expect(await applied()).toBe(left);
    }
    expect(await tables()).toBe(0);
    await migrate();
    expect(await tables()).toBe(3);
    expect(await applied()).toBe(MIGRATIONS.length);
    // A process per step (two per migration), each a few seconds on a loaded machine.
  }, 240_000);

  it('stops with a message naming a bad variable', async () => {
    await expect(
      run(process.execPath, ['dist/scripts/migrate.js'], {
        env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope' },
      }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/DATABASE_URL/) });
  });
});

/** The checks .ci/run makes besides the tests (scripts/*.mjs), on small files of their own. */
describe('the CI scripts', () => {
  const dir = mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'ci-scripts-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const node = (...args: string[]) =>
    run(process.execPath, args).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        output: error.stdout + error.stderr,
      }),
    );

  it('contract-diff merges `extend` files into the contract, lists every change, and fails on a breaking one', async () => {
    const contract = file('contract.graphql', 'type Query { plans: [String!]! }\ninput PlanInput { title: String! }');
    const next = file('next.graphql', 'extend type Query { rounds: Int }\nextend input PlanInput { note: String }');
    const kept = file(
      'kept.graphql',
      'type Query { plans: [String!]! rounds: Int extra: Int }\ninput PlanInput { title: String! note: String }',
    );
    const ok = await node('scripts/contract-diff.mjs', '--schema', kept, contract, next);
    expect(ok).toEqual({ code: 0, output: expect.stringContaining("non-breaking  Field 'extra' was added") });
    expect(ok.output).toMatch(/1 changes: 0 breaking, 0 dangerous, 1 non-breaking\. No breaking change\.\n$/);

    const broken = file(
      'broken.graphql',
      'type Query { plans: [String!]! extra: Int }\ninput PlanInput { title: String! }',
    );
    const bad = await node('scripts/contract-diff.mjs', '--schema', broken, contract, next);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain("breaking      Field 'rounds' was removed from object type 'Query'");
    expect(bad.output).toContain("breaking      Input field 'note' was removed from input object type 'PlanInput'");
    expect(bad.output).toMatch(/3 changes: 2 breaking, 0 dangerous, 1 non-breaking\. The schema breaks the contract\./);
    // Without the next file the same schema keeps the contract.
    expect((await node('scripts/contract-diff.mjs', '--schema', broken, contract)).code).toBe(0);
    expect((await node('scripts/contract-diff.mjs', '--schema', broken, join(dir, 'missing.graphql'))).code).toBe(2);
  });

  it('check-engines fails on a locked package whose engines leave out a promised Node version', async () => {
    const project = (name: string, engines: Record<string, string>) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'package.json'), JSON.stringify({ engines: { node: '^20.19.0 || >=24.11.0' } }));
      const packages = Object.fromEntries(
        Object.entries(engines).map(([pkg, node]) => [`node_modules/${pkg}`, { version: '1.0.0', engines: { node } }]),
      );
      return file(`${name}/package-lock.json`, JSON.stringify({ packages: { '': {}, ...packages } }));
    };
    const fine = await node(
      'scripts/check-engines.mjs',
      project('fine', { a: '>=18', b: '^20.19.0 || ^22.12.0 || >=24' }),
    );
    expect(fine).toEqual({ code: 0, output: expect.stringContaining('all 2 locked packages') });
    const bad = await node('scripts/check-engines.mjs', project('bad', { a: '>=18', late: '>=22.12.0', b: '^24.15' }));
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('late@1.0.0: node >=22.12.0, not 20.19.0');
    expect(bad.output).toContain('b@1.0.0: node ^24.15, not 20.19.0, 24.11.0');
    // And this repository's own lock file.
    expect(await node('scripts/check-engines.mjs')).toEqual({ code: 0, output: expect.stringContaining('support') });
  });
});
