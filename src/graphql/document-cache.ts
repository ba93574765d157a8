import { Injectable } from '@nestjs/common';
import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../config/app-config.js';

/**
 * A key-value cache for Apollo (parsed documents, persisted queries) bounded by the bytes its entries hold.
 * Apollo's own in-memory store estimates a document without its source text, which it keeps (`loc.source`):
 * 1,000 documents padded with long comments filled a process that way.
 */
export class BoundedStore<V extends object | string> {
  private readonly entries: LRUCache<string, V>;

  constructor(maxBytes: number, sizeOf: (value: V, key: string) => number) {
    this.entries = new LRUCache<string, V>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => Math.max(1, sizeOf(value, key) + key.length * 2),
    });
  }

  /** Bytes held, keys included */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  async get(key: string): Promise<V | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: V): Promise<void> {
    this.entries.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }
}

/** An AST takes about ten times the text it was parsed from, and Apollo keeps the text with it. */
const documentBytes = (document: DocumentNode) => (document.loc?.source.body.length ?? 1000) * 12;

/** The documents and persisted queries one instance keeps, within DOCUMENT_CACHE_BYTES together. */
@Injectable()
export class DocumentCache {
  readonly documents: BoundedStore<DocumentNode>;
  readonly persistedQueries: BoundedStore<string>;

  constructor(config: AppConfig) {
    const half = Math.floor(config.limits.documentCacheBytes / 2);
    this.documents = new BoundedStore<DocumentNode>(half, documentBytes);
    this.persistedQueries = new BoundedStore<string>(half, (query) => query.length * 2);
  }
}
