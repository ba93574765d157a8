import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { etagOf, matchesEtag, negotiateEncoding, RESPONSE_CACHE_HEADER } from '../cache/representations.js';
import { ResponseCache } from '../cache/response-cache.js';
import { publicCacheControl, publicVary } from '../cache/response-cache.plugin.js';
import { SingleFlight } from '../common/single-flight.js';
import { AppConfig } from '../config/app-config.js';
import { ReplicaSet } from '../database/replicas.js';
import { requestTally } from '../database/sql-counter.js';

/** A file's writer, and the headers known only once its data is read (the file name names the quarter). */
export interface PreparedFile {
  write: (out: Writable) => Promise<void>;
  disposition?: string;
}

/** How one route's answer is sent and kept. */
export interface AnswerSpec {
  /**
   * The response-cache key, built from the route's own parameters (`page:/status?period=2025-Q3`), not the
   * raw URL, so that unknown query parameters cannot fill the cache with copies.
   */
  key: string;
  contentType: string;
  /** Content-Disposition of a file */
  disposition?: string;
  /** Text that may be sent brotli- or gzip-compressed; a zip file (XLSX) is compressed already */
  compressible: boolean;
  /** The Content-Disposition is decided by `prepare` (stream) and kept with the file */
  keepsDisposition?: boolean;
}

const headersKey = (key: string) => `${key}\n#content-disposition`;

/** A page as built: its bytes, whether it may be kept and marked public, and then its ETag. */
interface BuiltPage {
  body: Buffer;
  shared: boolean;
  etag?: string;
}

/**
 * Sends pages and files the way anonymous GET queries are sent (cache/response-cache.middleware.ts): kept
 * in the same response cache, so the same committed writes empty it on every instance; a weak ETag of the
 * bytes with 304 for a matching If-None-Match; `Cache-Control: public, max-age=CACHE_MAX_AGE` and Vary for
 * anonymous callers; a kept answer written out as stored, in the compressed form Accept-Encoding asks for.
 * A caller with an Authorization header gets the same content, neither kept nor public (as GraphQL does).
 */
@Injectable()
export class PublicAnswers {
  constructor(
    private readonly config: AppConfig,
    private readonly cache: ResponseCache,
    private readonly replicas: ReplicaSet,
  ) {}

  /**
   * Pages being built for anonymous callers, by key: identical requests at once share one build, as the
   * overview gate's single flight does, until a write commits. Rendering the 4.6 MB overview of 5,000
   * initiatives once for ten callers rather than ten times (bench/RESULTS.md, Publishing).
   */
  private readonly building = new SingleFlight();

  /** A page or small file, built whole, then sent (and kept). */
  async send(req: Request, res: Response, spec: AnswerSpec, build: () => Promise<string | Buffer>): Promise<void> {
    if (this.sendKept(req, res, spec)) return;
    const { body, shared, etag } = await this.page(req, spec, build);
    this.setHeaders(req, res, spec, shared);
    if (shared && etag) {
      res.setHeader('etag', etag);
      if (matchesEtag(req.headers['if-none-match'], etag)) {
        res.statusCode = 304;
        res.end();
        return;
      }
    }
    res.setHeader('content-length', String(body.length));
    res.end(body);
  }

  /** Builds the page, or joins the build of the same page already running for another anonymous caller. */
  private page(req: Request, spec: AnswerSpec, build: () => Promise<string | Buffer>): Promise<BuiltPage> {
    // Read before anything is computed: an answer built while a write commits is never kept nor joined.
    const generation = this.cache.generation;
    const make = async (): Promise<BuiltPage> => {
      const built = await build();
      const body = typeof built === 'string' ? Buffer.from(built, 'utf8') : built;
      // The builder's own reads decide (a replica that fell behind): a caller that joins read nothing.
      const shared = this.shareable(req);
      const kept = shared ? this.cache.set(spec.key, body, generation) : undefined;
      return { body, shared, etag: shared ? (kept?.etag ?? etagOf(body)) : undefined };
    };
    if (req.headers.authorization !== undefined) return make();
    return this.building.run(`${generation}:${spec.key}`, make);
  }

  /**
   * A file written as a stream. `prepare` reads everything it needs (all the SQL) and returns the writer,
   * which writes the file into the stream it is given and ends it. The bytes go out as they are made; for
   * an anonymous caller they are also collected, up to the cache's largest entry, and the finished file is
   * kept (its Content-Disposition beside it), so the next caller gets it with an ETag (a streamed answer has
   * none: its headers go out before its bytes are known).
   */
  async stream(req: Request, res: Response, given: AnswerSpec, prepare: () => Promise<PreparedFile>): Promise<void> {
    if (this.sendKept(req, res, given)) return;
    const generation = this.cache.generation;
    const { write, disposition } = await prepare();
    const spec = { ...given, disposition: disposition ?? given.disposition };
    const shared = this.shareable(req);
    this.setHeaders(req, res, spec, shared);
    const collected: Buffer[] = [];
    let size = 0;
    let collecting = shared && this.cache.active;
    const limit = this.config.responseCache.maxEntryBytes;
    const tee = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        if (collecting) {
          size += chunk.length;
          if (size > limit) {
            collecting = false;
            collected.length = 0;
          } else collected.push(chunk);
        }
        done(null, chunk);
      },
    });
    const out = new PassThrough();
    const sent = pipeline(out, tee, res);
    await Promise.all([
      write(out).catch((error: unknown) => {
        out.destroy(error as Error);
        throw error;
      }),
      sent,
    ]);
    if (!collecting) return;
    if (spec.disposition) this.cache.set(headersKey(spec.key), Buffer.from(spec.disposition, 'utf8'), generation);
    this.cache.set(spec.key, Buffer.concat(collected, size), generation);
  }

  /** Answers from the response cache when it holds this route's answer for an anonymous caller. */
  private sendKept(req: Request, res: Response, spec: AnswerSpec): boolean {
    if (req.headers.authorization !== undefined || !this.cache.active) return false;
    const kept = this.cache.get(spec.key);
    if (!kept) return false;
    // A file's name is kept beside it; without it (dropped on its own by the LRU) the file is made again.
    let disposition = spec.disposition;
    if (spec.keepsDisposition) {
      const keptDisposition = this.cache.get(headersKey(spec.key));
      if (!keptDisposition) return false;
      disposition = keptDisposition.body.toString('utf8');
    }
    res.setHeader(RESPONSE_CACHE_HEADER, 'HIT');
    this.setHeaders(req, res, { ...spec, disposition }, true);
    res.setHeader('etag', kept.etag);
    if (matchesEtag(req.headers['if-none-match'], kept.etag)) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    const encoding =
      spec.compressible && kept.compressed && negotiateEncoding(req.headers['accept-encoding'], ['br', 'gzip']);
    const body = encoding ? kept.compressed![encoding] : kept.body;
    if (encoding) res.setHeader('content-encoding', encoding);
    res.setHeader('content-length', String(body.length));
    res.end(body);
    return true;
  }

  /**
   * Anonymous, and read from the primary or from a replica that has replayed the newest write heard of:
   * such an answer may be kept and marked public (an answer from a replica that fell behind is neither).
   */
  private shareable(req: Request): boolean {
    if (req.headers.authorization !== undefined) return false;
    const replica = requestTally.getStore()?.replica;
    return !replica || this.replicas.isFresh(replica);
  }

  private setHeaders(req: Request, res: Response, spec: AnswerSpec, shared: boolean): void {
    res.setHeader('content-type', spec.contentType);
    if (spec.disposition) res.setHeader('content-disposition', spec.disposition);
    if (req.headers.authorization === undefined && this.cache.active && !res.getHeader(RESPONSE_CACHE_HEADER)) {
      res.setHeader(RESPONSE_CACHE_HEADER, 'MISS');
    }
    if (shared && this.config.cacheMaxAge > 0) {
      res.setHeader('cache-control', publicCacheControl(this.config.cacheMaxAge));
      res.setHeader('vary', publicVary(res.getHeader('vary')));
    } else {
      res.setHeader('cache-control', req.headers.authorization === undefined ? 'no-store' : 'private, no-store');
    }
    // On a hit no statement ran: the tally is 0.
    const tally = requestTally.getStore();
    if (this.config.sqlStatementsHeader && tally) res.setHeader('x-sql-statements', String(tally.sql));
  }
}
