import { LRUCache } from 'lru-cache';

/**
 * What is kept of one answer: the HTTP body exactly as Apollo writes it (`{"data":...}` and a newline), so a
 * hit is written out as it is, without executing or serialising anything. Answers with errors are never kept.
 */
export interface CachedResult {
  /** UTF-8, so that a hit writes it out without converting a string of several megabytes each time */
  body: Buffer;
}

/** The cache key of an operation: its text, operation name and variables. */
export function cacheKey(query: string, operationName: string | null | undefined, variables: unknown): string {
  return `${operationName ?? ''}\n${JSON.stringify(variables ?? {})}\n${query}`;
}

export interface ResponseCacheOptions {
  /** Seconds an answer is kept; 0 turns the cache off. */
  ttlSeconds: number;
  /** How many answers at most */
  maxEntries?: number;
  /** Approximate bytes of JSON at most */
  maxBytes?: number;
}

/**
 * In-process cache of anonymous query results. It may only answer while it is told about every write:
 * `clear()` on each change, `suspend()` while the change listener is not connected. Every clear starts a
 * new generation; an answer computed in an older generation (it may have read data from before the write)
 * is not kept, so a result can never outlive the write that made it stale.
 */
export class ResponseCache {
  private readonly entries?: LRUCache<string, CachedResult>;
  private generationNumber = 0;
  private listening = false;

  constructor(options: ResponseCacheOptions) {
    if (options.ttlSeconds > 0) {
      this.entries = new LRUCache<string, CachedResult>({
        max: options.maxEntries ?? 1000,
        maxSize: options.maxBytes ?? 64 * 1024 * 1024,
        sizeCalculation: (value) => Math.max(1, value.body.length),
        ttl: options.ttlSeconds * 1000,
      });
    }
  }

  /** On when configured and the change listener is connected. */
  get active(): boolean {
    return !!this.entries && this.listening;
  }

  get generation(): number {
    return this.generationNumber;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  get(key: string): CachedResult | undefined {
    return this.active ? this.entries!.get(key) : undefined;
  }

  /** Keeps the answer only if nothing changed since `generation` was read (before the answer was computed). */
  set(key: string, value: CachedResult, generation: number): boolean {
    if (!this.active || generation !== this.generationNumber) return false;
    this.entries!.set(key, value);
    return true;
  }

  clear(): void {
    this.generationNumber += 1;
    this.entries?.clear();
  }

  /** The listener is connected: from now on every write is heard. */
  resume(): void {
    this.clear();
    this.listening = true;
  }

  /** The listener is gone: writes may go unheard, so keep and serve nothing. */
  suspend(): void {
    this.listening = false;
    this.clear();
  }
}
