import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { CountingLogger } from './sql-counter.js';

export interface ConnectionSettings {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  applicationName?: string;
}

/** The one place that says how to reach PostgreSQL: used by the app, the migration CLI, tests and the bench. */
export function dataSourceOptions(settings: ConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logger: new CountingLogger(),
    maxQueryExecutionTime: 1000,
    applicationName: settings.applicationName ?? 'handlingsplan',
    extra: {
      max: settings.poolSize,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      statement_timeout: settings.statementTimeoutMs,
      // The client gives up too, a little later, in case the server host itself stops answering.
      query_timeout: settings.statementTimeoutMs + 5000,
      // Let the pool notice a dead server and drop broken connections instead of handing them out.
      keepAlive: true,
    },
  };
}
