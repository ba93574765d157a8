import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { requestTally } from '../database/sql-counter.js';
import { anonymousQueryOf } from './response-cache.middleware.js';
import { cacheKey } from './response-cache.js';

/**
 * Answers that the answering request's plugins found fit to give to identical requests that wait for it:
 * a query (never a mutation), answered 200 without errors, read where an anonymous caller may read
 * (ResponseCachePlugin marks them).
 */
export const shareableAnswers = new WeakSet<Response>();

/** Says, with the statement header on (tests, the benchmark), that an answer is another request's. */
export const SHARED_ANSWER_HEADER = 'x-shared-answer';

/** What the waiting requests are given: the bytes sent and the headers that describe them. */
interface SharedAnswer {
  body: Buffer;
  headers: [string, number | string | string[]][];
}

/** The headers of an answer that belong to its body, not to the request that made it. */
const BODY_HEADERS = ['content-type', 'cache-control', 'vary', 'etag', 'x-response-cache', 'x-execution'];

/**
 * Identical anonymous GraphQL requests that arrive while the first is being answered get its bytes: one
 * execution and one serialisation for all of them, rather than one object tree, JSON text and buffer each
 * (ten waiting portal requests at 5,000 initiatives held ten 3 MB answers; bench/RESULTS.md). "Identical"
 * is the method, Accept, the query, operation name and variables, and the writes committed or heard of
 * and where the reads go (Database.readPoint, as the overview gate's single flight keys its builds), so a
 * request after a write never gets an answer from before it. Nothing outlives the answer it waits for:
 * this is no cache, and it runs with the response cache off. An answer that is not fit to share (a
 * mutation, errors, a replica that fell behind) is not given to anyone: the waiting requests then go on
 * to be answered on their own. Each sends the bytes with its own res.send, so its own Accept-Encoding and
 * If-None-Match decide compression and 304.
 */
@Injectable()
export class SharedAnswersMiddleware implements NestMiddleware {
  private readonly answering = new Map<string, Promise<SharedAnswer | undefined>>();

  constructor(
    private readonly config: AppConfig,
    private readonly db: Database,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const key = this.keyOf(req);
    if (key === undefined) return next();
    const running = this.answering.get(key);
    if (running) {
      void running.then((answer) => (answer ? this.give(res, answer) : next()), next);
      return;
    }
    let settle!: (answer: SharedAnswer | undefined) => void;
    const answer = new Promise<SharedAnswer | undefined>((resolve) => (settle = resolve));
    this.answering.set(key, answer);
    const done = (given: SharedAnswer | undefined) => {
      if (this.answering.get(key) === answer) this.answering.delete(key);
      settle(given);
    };
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (!shareableAnswers.has(res) || res.statusCode !== 200 || typeof body !== 'string') {
        done(undefined);
        return send(body);
      }
      // Encoded once here, so that Express does not encode it again for this request either.
      const bytes = Buffer.from(body, 'utf8');
      // Read before sending (a 304 drops Content-Type), the ETag after (a public answer's is set on the way out).
      const headers = new Map<string, number | string | string[]>();
      for (const name of BODY_HEADERS) {
        const value = res.getHeader(name);
        if (value !== undefined) headers.set(name, value);
      }
      const sent = send(bytes);
      const etag = res.getHeader('etag');
      if (etag !== undefined) headers.set('etag', etag);
      done({ body: bytes, headers: [...headers] });
      return sent;
    };
    // An answer that is streamed, or a request that ends before its answer, shares nothing.
    res.once('close', () => done(undefined));
    next();
  }

  private give(res: Response, answer: SharedAnswer): void {
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    if (this.config.sqlStatementsHeader) {
      res.setHeader('x-sql-statements', String(requestTally.getStore()?.sql ?? 0));
      res.setHeader(SHARED_ANSWER_HEADER, 'joined');
    }
    res.send(answer.body);
  }

  /** Undefined for anything that is not an anonymous query over GET or POST, or not yet routed. */
  private keyOf(req: Request): string | undefined {
    if (req.headers.authorization !== undefined || (req.method !== 'GET' && req.method !== 'POST')) return undefined;
    // Set by ReadRouteMiddleware; without it the reads' place is not known.
    if (requestTally.getStore()?.changesAtStart === undefined) return undefined;
    const params = anonymousQueryOf(req);
    if (!params) return undefined;
    return [
      req.method,
      req.headers.accept ?? '',
      this.db.readPoint,
      cacheKey(params.query, params.operationName, params.variables),
    ].join('\n');
  }
}
