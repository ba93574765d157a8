import { runMigrations } from '../src/bootstrap.js';
import { configOrExit, parseArgs, runMain, withDataSource } from './cli.js';

/**
 * `npm run migration:run` applies pending migrations; `npm run migration:revert` (this script with --revert)
 * undoes the last one. Uses the same configuration as the server (DATABASE_URL or the embedded database).
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const revert = parseArgs(process.argv.slice(2)).has('revert');
  await withDataSource(
    config,
    async (dataSource) => {
      if (revert) {
        await dataSource.undoLastMigration({ transaction: 'each' });
        process.stdout.write('Reverted the last migration\n');
      } else {
        const applied = await runMigrations(dataSource);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations\n');
      }
    },
    (message) => process.stdout.write(`${message}\n`),
  );
}

runMain(main);
