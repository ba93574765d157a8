import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../common/context.js';
import type { AppConfig } from '../config/app-config.js';
import { cacheKey } from './response-cache.js';
import { responseCacheFor } from './response-cache.registry.js';

/** Says whether the in-process cache answered (HIT) or not (MISS); only on anonymous queries while it is on. */
export const RESPONSE_CACHE_HEADER = 'x-response-cache';

/** Cache-Control of an answer that anyone may keep: only anonymous GETs of queries answered without errors. */
export function publicCacheControl(maxAge: number): string {
  return `public, max-age=${maxAge}`;
}

/**
 * What a kept answer depends on besides its URL: the token (a signed-in caller gets another answer) and
 * Accept (`application/json` or `application/graphql-response+json`). Added to what is there already, such
 * as CORS's `Origin`, which Apollo would otherwise overwrite.
 */
export function publicVary(existing: number | string | string[] | undefined): string {
  const fields = (Array.isArray(existing) ? existing.join(',') : String(existing ?? ''))
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  for (const field of ['Authorization', 'Accept']) {
    if (!fields.some((known) => known.toLowerCase() === field.toLowerCase())) fields.push(field);
  }
  return fields.join(', ');
}

function keyOf(request: GraphQLRequestContext<RequestContext>): string | undefined {
  const query = request.request.query;
  return typeof query === 'string'
    ? cacheKey(query, request.request.operationName, request.request.variables)
    : undefined;
}

/**
 * HTTP caching and the in-process response cache, as Apollo plugins.
 *
 * Cache-Control: an anonymous GET of a query answered without errors is `public, max-age=<CACHE_MAX_AGE>`
 * with `Vary: Authorization, Accept`, so a CDN or browser may keep it. Everything else is `no-store` (signed-in
 * callers: `private, no-store`), POST included: POST answers are not cacheable by HTTP caches anyway, and
 * saying so keeps a misconfigured proxy from keeping one. Apollo's own cache-control plugin is turned off,
 * so this is the one place that sets the header.
 *
 * The in-process cache keeps the answers to anonymous queries (GET or POST; key: query text, operation name
 * and variables) for up to RESPONSE_CACHE_TTL seconds, as the bytes that were sent. ResponseCacheMiddleware
 * writes a kept answer straight out; a request it cannot answer (say, one that asks for another media type)
 * is answered from the cache here, before execution. Any write empties the cache on every instance:
 * mutations on this instance empty it before their answer is sent, and every instance LISTENs for the
 * `plan_changed` notification that each write transaction sends on commit. While that connection is down,
 * nothing is kept or served.
 */
export function responseCachePlugins(
  config: AppConfig,
  dataSource: DataSource,
  log?: (message: string) => void,
): ApolloServerPlugin<RequestContext>[] {
  const { cache, listener } = responseCacheFor(dataSource, config, log);

  const plugin: ApolloServerPlugin<RequestContext> = {
    async serverWillStart() {
      await listener?.start();
      return {
        async serverWillStop() {
          await listener?.stop();
        },
      };
    },

    async requestDidStart({ contextValue }) {
      // Read before anything is resolved: an answer computed while a write commits is never kept.
      const generation = cache.generation;
      const anonymous = !contextValue.viewer;
      let key: string | undefined;
      let hit = false;
      return {
        async responseForOperation(request) {
          // No operation when operationName names none in the document (or two are sent without a name):
          // Apollo then answers OPERATION_RESOLUTION_FAILURE itself.
          if (!anonymous || request.operation?.operation !== 'query' || !cache.active) return null;
          key = keyOf(request);
          const cached = key === undefined ? undefined : cache.get(key);
          if (!cached) return null;
          hit = true;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: JSON.parse(cached.body.toString('utf8')) },
          };
        },

        async willSendResponse({ response, operation, request }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const clean = !!result && !result.errors?.length && (response.http.status ?? 200) === 200;
          if (operation?.operation === 'mutation') {
            // The write has committed; a read that follows this answer must not see the old state.
            cache.clear();
          } else if (key && !hit && clean && result?.data) {
            // The bytes Apollo writes for an answer without errors (runHttpQuery's prettyJSONStringify).
            const body = `${JSON.stringify(result.extensions ? { data: result.data, extensions: result.extensions } : { data: result.data })}\n`;
            cache.set(key, { body: Buffer.from(body, 'utf8') }, generation);
          }
          if (key) response.http.headers.set(RESPONSE_CACHE_HEADER, hit ? 'HIT' : 'MISS');

          const publicCacheable =
            config.cacheMaxAge > 0 &&
            anonymous &&
            clean &&
            request.http?.method === 'GET' &&
            operation?.operation === 'query';
          if (publicCacheable) {
            response.http.headers.set('cache-control', publicCacheControl(config.cacheMaxAge));
            response.http.headers.set('vary', publicVary(contextValue.res?.getHeader('vary')));
          } else {
            response.http.headers.set('cache-control', anonymous ? 'no-store' : 'private, no-store');
          }
        },
      };
    },
  };
  return [ApolloServerPluginCacheControlDisabled() as ApolloServerPlugin<RequestContext>, plugin];
}
