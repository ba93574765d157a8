import { Injectable, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { COMPRESS_AT_BYTES, compressedForms, type Encoding, etagOf } from './representations.js';

/**
 * What is kept of one answer: the HTTP body exactly as Apollo writes it (`{"data":...}` and a newline), so a
 * hit is written out as it is, without executing or serialising anything. Answers with errors are never kept.
 */
export interface CachedResult {
  /** UTF-8, so that a hit writes it out without converting a string of several megabytes each time */
  body: Buffer;
  /** The body's ETag (representations.ts) */
  etag: string;
  /** The body compressed, once it is (a moment after it is kept); until then it is sent as it is */
  compressed?: Record<Encoding, Buffer>;
}

/** The cache key of an operation: its text, operation name and variables. */
export function cacheKey(query: string, operationName: string | null | undefined, variables: unknown): string {
  return `${operationName ?? ''}\n${JSON.stringify(variables ?? {})}\n${query}`;
}

/**
 * In-process cache of anonymous query results, bounded by bytes with its keys counted (a key holds the
 * query text and variables, up to the body limit). It may only answer while it is told about every write:
 * the committed writes of this instance (Database.onCommitted) and of every other one (PlanChangeListener)
 * clear it, and while the listener is not connected nothing is kept or served. Every clear starts a new
 * generation; an answer computed in an older generation is not kept, so it can never outlive the write that
 * made it stale.
 */
@Injectable()
export class ResponseCache implements OnModuleInit {
  private readonly entries?: LRUCache<string, CachedResult>;
  private generationNumber = 0;
  private listening = false;

  constructor(
    config: AppConfig,
    private readonly db: Database,
  ) {
    if (config.responseCacheTtl > 0) {
      const { maxBytes, maxEntryBytes } = config.responseCache;
      this.entries = new LRUCache<string, CachedResult>({
        maxSize: maxBytes,
        maxEntrySize: maxEntryBytes,
        // JavaScript holds the key as UTF-16: two bytes a character.
        sizeCalculation: (value, key) =>
          Math.max(
            1,
            value.body.length +
              (value.compressed ? value.compressed.br.length + value.compressed.gzip.length : 0) +
              key.length * 2,
          ),
        ttl: config.responseCacheTtl * 1000,
      });
    }
  }

  onModuleInit(): void {
    // This instance's own writes clear it at once, before their answer is sent (read-your-write).
    this.db.onCommitted(() => this.clear());
  }

  /** On when configured and the change listener is connected. */
  get active(): boolean {
    return !!this.entries && this.listening;
  }

  get generation(): number {
    return this.generationNumber;
  }

  /** Bytes held, keys included (for tests of the bound). */
  get bytes(): number {
    return this.entries?.calculatedSize ?? 0;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  get(key: string): CachedResult | undefined {
    return this.active ? this.entries!.get(key) : undefined;
  }

  /**
   * Keeps the answer only if nothing changed since `generation` was read (before the answer was computed),
   * with its ETag; its compressed forms follow when zlib has made them (if it is still the kept answer).
   */
  set(key: string, body: Buffer, generation: number): CachedResult | undefined {
    if (!this.active || generation !== this.generationNumber) return undefined;
    const entry: CachedResult = { body, etag: etagOf(body) };
    this.entries!.set(key, entry);
    if (!this.entries!.has(key)) return undefined;
    if (body.length >= COMPRESS_AT_BYTES) {
      void compressedForms(body).then(
        (compressed) => {
          if (this.entries!.peek(key) === entry) this.entries!.set(key, { ...entry, compressed });
        },
        () => undefined,
      );
    }
    return entry;
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
