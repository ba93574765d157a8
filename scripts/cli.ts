import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type AppConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { openDatabase } from '../src/database/open-database.js';

/** Reads `--name value` and `--flag` arguments; repeated names collect into a list. */
export function parseArgs(argv: string[]): Map<string, string[]> {
  const args = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2);
    const value = inline ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
    args.set(name, [...(args.get(name) ?? []), value]);
  }
  return args;
}

/** The validated configuration, or exit 1 with the message naming the bad variable. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Opens the configured database (DATABASE_URL, or the embedded server under DATA_DIR), hands a connected
 * data source to `work`, and closes both again, whatever happens.
 */
export async function withDataSource(
  config: AppConfig,
  work: (dataSource: DataSource) => Promise<void>,
  log?: (message: string) => void,
): Promise<void> {
  const database = await openDatabase(config, log);
  const dataSource = new DataSource(
    dataSourceOptions({
      url: database.url,
      poolSize: 2,
      statementTimeoutMs: 600000,
      connectTimeoutMs: config.dbConnectTimeoutMs,
    }),
  );
  try {
    await dataSource.initialize();
    await work(dataSource);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await database.embedded?.stop();
  }
}

/** Runs a script's main function; a failure prints its message and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
