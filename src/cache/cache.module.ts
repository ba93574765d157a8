import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { PlanChangeListener } from './plan-change-listener.js';
import { ResponseCache } from './response-cache.js';
import { ResponseCacheMiddleware } from './response-cache.middleware.js';
import { ResponseCachePlugin } from './response-cache.plugin.js';
import { SharedAnswersMiddleware } from './shared-answers.middleware.js';

/**
 * The response cache of anonymous queries: the cache, the listener that empties it on every instance's
 * writes, the Apollo plugin that fills it and sets Cache-Control, and the middleware that answers repeated
 * queries from it before GraphQL runs. SharedAnswersMiddleware (identical requests at once get one answer)
 * is applied in AppModule, after the caller is known.
 */
@Global()
@Module({
  providers: [ResponseCache, PlanChangeListener, ResponseCachePlugin, ResponseCacheMiddleware, SharedAnswersMiddleware],
  exports: [ResponseCache, SharedAnswersMiddleware],
})
export class CacheModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ResponseCacheMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }
}
