import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { Injectable, Logger, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { GqlOptionsFactory } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import type { Viewer } from '../auth/viewer.js';
import type { LoaderContext, RequestContext } from '../common/context.js';
import { formatGraphQLError } from '../common/errors/index.js';
import { LoaderRegistry } from '../common/loaders/index.js';
import { AppConfig } from '../config/app-config.js';
import { MAX_TOKENS, queryLimitsRule } from '../hardening/index.js';
import { DocumentCache } from './document-cache.js';
import { knownOperationTypesRule } from './known-operation-types.rule.js';

/**
 * Apollo's options. Our plugins are Nest providers marked @Plugin() (the driver finds them in every module:
 * query cost, rate limit, answer size, SQL tally, response cache, metrics); Apollo's own ones are listed here.
 */
@Injectable()
export class GraphQLConfigService implements GqlOptionsFactory<ApolloDriverConfig> {
  private readonly logger = new Logger('GraphQL');

  constructor(
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    private readonly documents: DocumentCache,
  ) {}

  createGqlOptions(): ApolloDriverConfig {
    const { config, logger } = this;
    // Loaders reach the repositories through Nest (strict: false finds a provider in any module).
    const get = <T>(type: Type<T>): T => this.moduleRef.get(type, { strict: false });
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
      // Operation types the schema has, then depth and alias/root-field limits (src/hardening/query-limits.ts),
      // checked before anything runs; the cost is QueryCostPlugin's.
      validationRules: [knownOperationTypesRule, queryLimitsRule(config.limits)],
      parseOptions: { maxTokens: MAX_TOKENS },
      // Parsed documents and persisted queries, bounded by the bytes they hold (their text included).
      documentStore: this.documents.documents,
      persistedQueries: { cache: this.documents.persistedQueries },
      // Batches are allowed up to LIMIT_BATCH operations; the length is checked before parsing (http-guards.ts).
      allowBatchedHttpRequests: true,
      // Apollo ships separate CommonJS and ESM typings; the plugins are the same objects at run time.
      plugins: [
        // Cache-Control is ResponseCachePlugin's alone.
        ApolloServerPluginCacheControlDisabled(),
        config.production
          ? ApolloServerPluginLandingPageDisabled()
          : ApolloServerPluginLandingPageLocalDefault({
              embed: true,
              includeCookies: false,
              document:
                'query FirstLook {\n  strategies { slug title goals { number title } }\n  me { subject roles }\n}\n',
            }),
      ] as ApolloServerPlugin[] as NonNullable<ApolloDriverConfig['plugins']>,
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
}
