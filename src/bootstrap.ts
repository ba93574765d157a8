import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { AuthService } from './auth/auth.service.js';
import { InputValidationPipe } from './common/validation/index.js';
import { AppConfig } from './config/app-config.js';
import { DemoService } from './demo/demo.service.js';
import { applyHttpHardening, HttpDrain, ReadRateLimiter, RefusalBrake } from './hardening/index.js';
import { AppLogger } from './logging/index.js';
import { Metrics } from './metrics/index.js';

/** Serialises migrations across instances that start at once against one database. */
const MIGRATION_LOCK = 74_201_901;

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

export interface CreatedApp {
  app: NestExpressApplication;
  dataSource: DataSource;
  /** Finishes the requests in flight before `app.close()` (see main.ts) */
  drain: HttpDrain;
}

/**
 * Builds the application (not yet listening): the one path used by `main.ts`, the tests and the benchmark.
 */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<CreatedApp> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bufferLogs: true,
    bodyParser: true,
    rawBody: false,
  });
  app.useLogger(app.get(AppLogger));
  app.useGlobalPipes(new InputValidationPipe());
  app.set('trust proxy', config.trustProxy);
  // First, so that every GraphQL request is timed and counted, the ones the guards refuse included.
  const metrics = app.get(Metrics);
  if (metrics.enabled) app.use(metrics.httpMiddleware);
  // Security headers, CORS, body size limit (413), per-address request limit, batch limit: src/hardening.
  const drain = app.get(HttpDrain);
  applyHttpHardening(app, config, { drain, reads: app.get(ReadRateLimiter), brake: app.get(RefusalBrake) });
  app.disable('x-powered-by');
  // ETags only for answers anyone may keep (cache/response-cache.middleware.ts).
  app.set('etag', false);
  await app.get(AuthService).init();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if (config.migrationsRun) await runMigrations(dataSource);
  await app.init();
  if (config.demoData) await app.get(DemoService).loadIfEmpty();
  return { app, dataSource, drain };
}

export type { INestApplication };
