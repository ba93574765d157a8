import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import { COMPRESS_AT_BYTES } from '../cache/representations.js';
import { RESPONSE_CACHE_HEADER } from '../cache/representations.js';
import type { AppConfig } from '../config/app-config.js';
import { HttpDrain } from './graceful-shutdown.js';
import {
  batchLimit,
  bodyErrorHandler,
  MAX_VARIABLES_DEPTH,
  querySizeLimit,
  readRateLimit,
  variablesDepthLimit,
} from './http-guards.js';
import type { SlidingWindowCounter } from './rate-limit.js';
import type { RefusalBrake } from './refusal-brake.js';
import { corsOptions, securityHeaders } from './security-headers.js';
import { applyServerLimits } from './server-limits.js';

export { HttpDrain } from './graceful-shutdown.js';
export { MAX_TOKENS, queryLimitsRule } from './query-limits.js';
export { ReadRateLimiter, SlidingWindowCounter, WriteRateLimiter } from './rate-limit.js';
export { RefusalBrake } from './refusal-brake.js';

/**
 * Puts the HTTP-level guards in front of everything else, in this order: the shutdown drain, security
 * headers (so even refusals carry them), CORS, the refusal brake (before anything reads the body), the body parsers with the size limit, JSON answers for body
 * failures, the per-address request limit, the batch limit and the nesting limit of variables. Called
 * before `app.init()`, so they come before Nest's own middleware (statement tally, sign-in) and the GraphQL
 * endpoint. The server's timeouts and connection cap are set here too, so that `main.ts`, the tests and
 * the benchmark all listen with them.
 */
export function applyHttpHardening(
  app: NestExpressApplication,
  config: AppConfig,
  { drain, reads, brake }: { drain: HttpDrain; reads: SlidingWindowCounter; brake: RefusalBrake },
): void {
  applyServerLimits(app.getHttpServer(), config.http);
  drain.track(app.getHttpServer());
  app.use(drain.middleware);
  app.use(securityHeaders(config.production, config.publishing.embedOrigins));
  // gzip or brotli by Accept-Encoding for answers from 1 KB; a kept answer goes out as it was stored.
  app.use(
    compression({
      threshold: COMPRESS_AT_BYTES,
      filter: (req, res) => res.getHeader(RESPONSE_CACHE_HEADER) !== 'HIT' && compression.filter(req, res),
    }),
  );
  const cors = corsOptions(config.corsOrigins);
  if (cors) app.enableCors(cors);
  app.use(brake.middleware);
  app.useBodyParser('json', { limit: config.limits.body });
  app.useBodyParser('urlencoded', { limit: config.limits.body, extended: false });
  app.use(bodyErrorHandler(config.limits.body, brake));
  app.use(readRateLimit(reads, brake));
  app.use(batchLimit(config.limits.batch, brake));
  app.use(querySizeLimit(config.limits.querySize, brake));
  app.use(variablesDepthLimit(MAX_VARIABLES_DEPTH, brake));
}
