import { AppConfig } from '../config/app-config.js';
import { EmbeddedDatabase } from './embedded-database.js';

export interface OpenedDatabase {
  url: string;
  /** Set when the embedded server was started here; stop it on the way out. */
  embedded?: EmbeddedDatabase;
}

/**
 * The configured PostgreSQL: DATABASE_URL when set, else the embedded server under the data directory
 * (development only: loadConfig refuses it with NODE_ENV=production), reached as the application's role.
 */
export async function openDatabase(
  config: AppConfig,
  log: (message: string) => void = () => undefined,
): Promise<OpenedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = new EmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedDbPort, log });
  log(`Starting the embedded PostgreSQL under ${embedded.clusterDir} on port ${config.embeddedDbPort}`);
  await embedded.start();
  return { url: embedded.url, embedded };
}
