import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { clientConfigOf, PlanChangeListener } from './plan-change-listener.js';
import { ResponseCache } from './response-cache.js';

export interface ResponseCacheHandle {
  cache: ResponseCache;
  /** Started and stopped with the GraphQL server (response-cache.plugin.ts); absent when the cache is off. */
  listener?: PlanChangeListener;
}

const handles = new WeakMap<DataSource, ResponseCacheHandle>();

/**
 * The one response cache of an application (of its data source): the Apollo plugin that fills it and the
 * HTTP middleware that answers from it must share it, and two applications in one process (tests run two
 * instances on one database) must not.
 */
export function responseCacheFor(
  dataSource: DataSource,
  config: AppConfig,
  log?: (message: string) => void,
): ResponseCacheHandle {
  let handle = handles.get(dataSource);
  if (!handle) {
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
    handle = { cache, listener };
    handles.set(dataSource, handle);
  }
  return handle;
}
