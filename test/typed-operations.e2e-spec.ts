import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `npm run codegen -- --check`, optionally against another schema file: its exit code and output. */
async function check(schemaFile?: string): Promise<{ code: number; output: string }> {
  const args = ['scripts/codegen.mjs', '--check', ...(schemaFile ? ['--schema', schemaFile] : [])];
  try {
    const { stdout, stderr } = await run(process.execPath, args);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** schema.graphql with one field of one type replaced (or removed), written to a file of its own. */
function changedSchema(type: string, field: string, replacement: string): string {
  const schema = readFileSync('schema.graphql', 'utf8');
  const start = schema.indexOf(`\ntype ${type} {\n`);
  const at = schema.indexOf(`\n  ${field}`, start);
  expect(start).toBeGreaterThan(-1);
  expect(at).toBeLessThan(schema.indexOf('\n}', start));
  const end = schema.indexOf('\n', at + 1);
  const file = join(mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'schema-')), 'schema.graphql');
  writeFileSync(file, `${schema.slice(0, at)}${replacement ? `\n  ${replacement}` : ''}${schema.slice(end)}`);
  return file;
}

/**
 * The tests' operations are typed by test/graphql/generated.ts, which `npm run codegen` writes from schema.graphql
 * and the graphql(`...`) calls. It must be current, and a schema change must not go unnoticed.
 */
describe('test/graphql/generated.ts', () => {
  it('is what `npm run codegen` writes from schema.graphql and the operations', async () => {
    const { code, output } = await check();
    expect(output).toMatch(/test\/graphql\/generated\.ts is up to date/);
    expect(code).toBe(0);
  });

  it('is stale once a field the tests read changes type', async () => {
    const { code, output } = await check(changedSchema('Strategy', 'periodStart:', 'periodStart: String!'));
    expect(output).toMatch(/generated\.ts is stale: run `npm run codegen`/);
    expect(code).toBe(1);
  });

  it('cannot be generated once a field the tests read is gone, and names the operation', async () => {
    const { code, output } = await check(changedSchema('StatusOverview', 'initiativeCount:', ''));
    expect(output).toMatch(/Cannot query field "initiativeCount" on type "StatusOverview"/);
    expect(output).toMatch(/at test\/[\w/.-]+\.ts:\d+/);
    expect(code).toBe(1);
  });
});
