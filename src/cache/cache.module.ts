import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ResponseCacheMiddleware } from './response-cache.middleware.js';

/**
 * The response cache's HTTP side: answers repeated anonymous queries before GraphQL runs. The cache itself is
 * filled, and emptied on every write, by the Apollo plugin in response-cache.plugin.ts (see graphql-options.ts).
 */
@Module({ providers: [ResponseCacheMiddleware] })
export class CacheModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ResponseCacheMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }
}
