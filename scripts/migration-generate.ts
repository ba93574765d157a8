import { writeFileSync } from 'node:fs';
import { runMigrations } from '../src/bootstrap.js';
import { schemaDrift } from '../src/database/schema-drift.js';
import { configOrExit, parseArgs, runMain, withDataSource } from './cli.js';

/**
 * `npm run migration:generate -- --name add-something`: applies the existing migrations, compares the
 * database with the entities and writes the difference as a new migration under migrations/ to be read,
 * edited and added to migrations/index.ts. Prints "no changes" when entities and migrations agree.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const name = parseArgs(process.argv.slice(2)).get('name')?.[0];
  if (!name || !/^[a-z0-9-]+$/.test(name)) {
    process.stderr.write('Give --name in kebab-case, e.g. --name add-delivery-owner\n');
    process.exit(1);
  }
  await withDataSource(config, async (dataSource) => {
    await runMigrations(dataSource);
    const drift = await schemaDrift(dataSource);
    if (drift.up.length === 0) {
      process.stdout.write('No changes: the entities match the migrations\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}${timestamp}`;
    const line = (q: { query: string; parameters?: unknown[] }) =>
      `    await queryRunner.query(\`${q.query.replace(/`/g, '\\`')}\`${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`;
    const file = `migrations/${timestamp}-${name}.ts`;
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${drift.up.map(line).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${drift.down.reverse().map(line).join('\n')}
  }
}
`,
    );
    process.stdout.write(`Wrote ${file}: read it, then add ${className} to migrations/index.ts\n`);
  });
}

runMain(main);
