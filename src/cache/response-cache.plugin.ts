import {
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContext,
  type GraphQLRequestListener,
} from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { RequestContext } from '../common/context.js';
import { jsonSize } from '../common/json-size.js';
import { AppConfig } from '../config/app-config.js';
import { ReplicaSet } from '../database/replicas.js';
import { requestTally } from '../database/sql-counter.js';
import { RESPONSE_CACHE_HEADER } from './representations.js';
import { cacheKey, ResponseCache } from './response-cache.js';
import { shareableAnswers } from './shared-answers.middleware.js';

/** Cache-Control of an answer that anyone may keep: only anonymous GETs of queries answered without errors. */
export function publicCacheControl(maxAge: number): string {
  return `public, max-age=${maxAge}`;
}

/**
 * What a kept answer depends on besides its URL: the token (a signed-in caller gets another answer),
 * Accept (`application/json` or `application/graphql-response+json`) and Accept-Encoding. Added to what is there already, such
 * as CORS's `Origin`, which Apollo would otherwise overwrite.
 */
export function publicVary(existing: number | string | string[] | undefined): string {
  const fields = (Array.isArray(existing) ? existing.join(',') : String(existing ?? ''))
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  for (const field of ['Authorization', 'Accept', 'Accept-Encoding']) {
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
 * HTTP caching and the in-process response cache (test/cache.e2e-spec.ts).
 *
 * Cache-Control: an anonymous GET of a query answered without errors is `public, max-age=<CACHE_MAX_AGE>`;
 * everything else `no-store` (signed-in callers: `private, no-store`). Apollo's cache-control plugin is off,
 * so this is the one place that sets the header. The in-process cache keeps anonymous answers as the bytes
 * sent; ResponseCacheMiddleware writes a kept one straight out, and a request it cannot answer (another
 * media type) is answered from the cache here, before execution.
 */
@Plugin()
export class ResponseCachePlugin implements ApolloServerPlugin<RequestContext> {
  constructor(
    private readonly cache: ResponseCache,
    private readonly replicas: ReplicaSet,
    private readonly config: AppConfig,
  ) {}

  async requestDidStart({
    contextValue,
  }: GraphQLRequestContext<RequestContext>): Promise<GraphQLRequestListener<RequestContext>> {
    const { cache, config, replicas } = this;
    // Read before anything is resolved: an answer computed while a write commits is never kept.
    const generation = cache.generation;
    const anonymous = !contextValue.viewer;
    let key: string | undefined;
    let hit = false;
    return {
      async didResolveOperation(request) {
        // No operation when operationName names none in the document (or two are sent without a name):
        // Apollo then answers OPERATION_RESOLUTION_FAILURE itself.
        if (anonymous && request.operation?.operation === 'query' && cache.active) key = keyOf(request);
      },

      async responseForOperation() {
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
        // Read from a replica that has not replayed the newest write heard of since: kept by no one.
        const replica = requestTally.getStore()?.replica;
        const current = !replica || replicas.isFresh(replica);
        const clean = current && !!result && !result.errors?.length && (response.http.status ?? 200) === 200;
        // Only answers that fit a cache entry are serialised for it (the answer-size limit stops larger ones).
        const fits = () => jsonSize(result!, config.limits.responseBytes) <= config.responseCache.maxEntryBytes;
        if (key && !hit && clean && result?.data && fits()) {
          // The bytes Apollo writes for an answer without errors (runHttpQuery's prettyJSONStringify).
          const body = `${JSON.stringify(result.extensions ? { data: result.data, extensions: result.extensions } : { data: result.data })}\n`;
          const kept = cache.set(key, Buffer.from(body, 'utf8'), generation);
          // The tag Express would compute for these bytes, computed once here.
          if (kept) response.http.headers.set('etag', kept.etag);
        }
        if (key) response.http.headers.set(RESPONSE_CACHE_HEADER, hit ? 'HIT' : 'MISS');
        // Identical requests waiting for this one may be given its bytes (SharedAnswersMiddleware).
        if (anonymous && clean && operation?.operation === 'query' && contextValue.res) {
          shareableAnswers.add(contextValue.res);
        }

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
  }
}

export { RESPONSE_CACHE_HEADER };
