import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { ApolloServerPlugin } from '@apollo/server';
import { Logger, type Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer.js';
import { AppConfig } from '../config/app-config.js';
import type { LoaderContext, RequestContext } from '../common/context.js';
import { formatGraphQLError } from '../common/errors/index.js';
import { LoaderRegistry } from '../common/loaders/index.js';
import { requestTally } from '../database/sql-counter.js';
import { responseCachePlugins } from '../cache/response-cache.plugin.js';
import { knownOperationTypesRule } from './known-operation-types.rule.js';
import { MAX_TOKENS, queryLimitsRule, SlidingWindowCounter, writeRateLimitPlugin } from '../hardening/index.js';

/**
 * Reports the number of SQL statements a request ran, for tests and the benchmark; only when configured
 * (SQL_STATEMENTS_HEADER), since it tells anyone how much work a query makes.
 */
const sqlTallyPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const tally = requestTally.getStore();
        if (tally) response.http.headers.set('x-sql-statements', String(tally.sql));
      },
    };
  },
};

export function graphqlOptions(
  config: AppConfig,
  dataSource: DataSource,
  moduleRef: ModuleRef,
  extraPlugins: ApolloServerPlugin[] = [],
): ApolloDriverConfig {
  // Loaders reach the repositories through Nest (strict: false finds a provider in any module).
  const get = <T>(type: Type<T>): T => moduleRef.get(type, { strict: false });
  const logger = new Logger('GraphQL');
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    introspection: true,
    playground: false,
    // Callers sign in by bearer token only, never by cookie, so a cross-site request carries no credentials;
    // plain GET queries must work for HTTP caching.
    csrfPrevention: false,
    buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'float' },
    // Operation types the schema has, then depth, alias/root-field and cost limits (src/hardening/query-limits.ts),
    // checked before anything runs.
    validationRules: [knownOperationTypesRule, queryLimitsRule(config.limits)],
    parseOptions: { maxTokens: MAX_TOKENS },
    // Batches are allowed up to LIMIT_BATCH operations; the length is checked before parsing (http-guards.ts).
    allowBatchedHttpRequests: true,
    // Apollo ships separate CommonJS and ESM typings; the plugins are the same objects at run time.
    plugins: [
      ...(config.sqlStatementsHeader ? [sqlTallyPlugin] : []),
      writeRateLimitPlugin(new SlidingWindowCounter(config.rateLimit.writes, config.rateLimit.windowSeconds)),
      ...extraPlugins,
      // Cache-Control headers and the in-process response cache of anonymous queries (src/cache).
      ...responseCachePlugins(config, dataSource, (message) => logger.warn(message)),
      config.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({
            embed: true,
            includeCookies: false,
            document:
              'query FirstLook {\n  strategies { slug title goals { number title } }\n  me { subject roles }\n}\n',
          }),
    ] as NonNullable<ApolloDriverConfig['plugins']>,
    context: ({ req, res }: { req: Request & { viewer?: Viewer | null }; res: Response }): RequestContext => {
      const viewer = req.viewer ?? null;
      return { req, res, viewer, loaders: new LoaderRegistry<LoaderContext>({ viewer, get }) };
    },
    formatError: (formatted, error) =>
      formatGraphQLError(formatted, error, {
        production: config.production,
        log: (e) => logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e)),
      }),
  };
}
