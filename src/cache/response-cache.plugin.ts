import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../common/context.js';
import type { AppConfig } from '../config/app-config.js';
import { clientConfigOf, PlanChangeListener } from './plan-change-listener.js';
import { ResponseCache } from './response-cache.js';

/** Says whether the in-process cache answered (HIT) or not (MISS); only on anonymous queries while it is on. */
export const RESPONSE_CACHE_HEADER = 'x-response-cache';

function keyOf(request: GraphQLRequestContext<RequestContext>): string {
  return `${request.queryHash}\n${request.operationName ?? ''}\n${JSON.stringify(request.request.variables ?? {})}`;
}

/**
 * HTTP caching and the in-process response cache, as Apollo plugins.
 *
 * Cache-Control: an anonymous GET of a query answered without errors is `public, max-age=<CACHE_MAX_AGE>`
 * with `Vary: Authorization`, so a CDN or browser may keep it. Everything else is `no-store` (signed-in
 * callers: `private, no-store`), POST included: a POST is not cacheable by HTTP caches anyway, and saying
 * so keeps a misconfigured proxy from keeping it. Apollo's own cache-control plugin is turned off, so this
 * is the one place that sets the header.
 *
 * The in-process cache answers repeated anonymous queries (GET or POST; key: query, operation name and
 * variables) for up to RESPONSE_CACHE_TTL seconds. Any write empties it on every instance: mutations on
 * this instance empty it before their answer is sent, and every instance LISTENs for the `plan_changed`
 * notification that each write transaction sends on commit. While that connection is down, nothing is
 * cached.
 */
export function responseCachePlugins(config: AppConfig, dataSource: DataSource, log?: (message: string) => void): ApolloServerPlugin<RequestContext>[] {
  const cache = new ResponseCache({ ttlSeconds: config.responseCacheTtl });
  const listener =
    config.responseCacheTtl > 0
      ? new PlanChangeListener(clientConfigOf(dataSource), {
          changed: () => cache.clear(),
          listening: () => cache.resume(),
          deaf: () => cache.suspend(),
          log,
        })
      : undefined;

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
          if (!anonymous || request.operation.operation !== 'query' || !cache.active) return null;
          key = keyOf(request);
          const cached = cache.get(key);
          if (!cached) return null;
          hit = true;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: cached.data } } };
        },

        async willSendResponse({ response, operation, request }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const clean = !!result && !result.errors?.length && (response.http.status ?? 200) === 200;
          if (operation?.operation === 'mutation') {
            // The write has committed; a read that follows this answer must not see the old state.
            cache.clear();
          } else if (key && !hit && clean && result?.data) {
            cache.set(key, { data: result.data }, generation);
          }
          if (key) response.http.headers.set(RESPONSE_CACHE_HEADER, hit ? 'HIT' : 'MISS');

          const publicCacheable =
            config.cacheMaxAge > 0 && anonymous && clean && request.http?.method === 'GET' && operation?.operation === 'query';
          if (publicCacheable) {
            response.http.headers.set('cache-control', `public, max-age=${config.cacheMaxAge}`);
            response.http.headers.set('vary', 'Authorization');
          } else {
            response.http.headers.set('cache-control', anonymous ? 'no-store' : 'private, no-store');
          }
        },
      };
    },
  };
  return [ApolloServerPluginCacheControlDisabled() as ApolloServerPlugin<RequestContext>, plugin];
}
