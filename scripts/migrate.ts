import { DataSource } from 'typeorm';
import { runMigrations } from '../src/bootstrap.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { openDatabase } from '../src/database/open-database.js';
import { configOrExit, parseArgs } from './cli.js';

/**
 * `npm run migration:run` applies pending migrations; `npm run migration:revert` (this script with --revert)
 * undoes the last one. Uses the same configuration as the server (DATABASE_URL or the embedded database).
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const revert = parseArgs(process.argv.slice(2)).has('revert');
  const database = await openDatabase(config, (message) => process.stdout.write(`${message}\n`));
  const dataSource = new DataSource(
    dataSourceOptions({ url: database.url, poolSize: 2, statementTimeoutMs: 600000, connectTimeoutMs: config.dbConnectTimeoutMs }),
  );
  try {
    await dataSource.initialize();
    if (revert) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('Reverted the last migration\n');
    } else {
      const applied = await runMigrations(dataSource);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations\n');
    }
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await database.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
