import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config.js';
import { etagOf, matchesEtag, negotiateEncoding } from './representations.js';
import { cacheKey, ResponseCache } from './response-cache.js';
import { publicCacheControl, publicVary, RESPONSE_CACHE_HEADER } from './response-cache.plugin.js';

/**
 * Apollo answers `application/json` unless the client asks for the GraphQL media type; only the former is served
 * here.
 */
function wantsPlainJson(accept: string | undefined): boolean {
  if (!accept) return true;
  if (accept.includes('application/graphql-response+json')) return false;
  return accept
    .split(',')
    .some((part) => ['application/json', '*/*', 'application/*'].includes(part.split(';')[0].trim()));
}

/** An anonymous caller's single GraphQL operation over GET or POST, as the cache keys it; undefined for anything else. */
export function anonymousQueryOf(
  req: Request,
): { query: string; operationName: string | undefined; variables: unknown } | undefined {
  const get = req.method === 'GET';
  const params = (get ? req.query : req.method === 'POST' ? req.body : undefined) as
    Record<string, unknown> | undefined;
  if (
    !params ||
    typeof params !== 'object' ||
    Array.isArray(params) ||
    typeof params.query !== 'string' ||
    params.extensions !== undefined
  ) {
    return undefined;
  }
  let variables = params.variables;
  if (get && typeof variables === 'string') {
    try {
      variables = JSON.parse(variables);
    } catch {
      return undefined;
    }
  }
  const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
  return { query: params.query, operationName, variables };
}

/**
 * Gives an answer that anyone may keep (Cache-Control public, set by ResponseCachePlugin) the ETag of its
 * bytes as Express sends them, so that Express answers a matching If-None-Match with 304; Express's own
 * ETags are off, because hashing every other answer buys nothing.
 */
function tagPublicAnswers(res: Response): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    const cacheControl = String(res.getHeader('cache-control') ?? '');
    if (
      !res.getHeader('etag') &&
      cacheControl.startsWith('public') &&
      (typeof body === 'string' || Buffer.isBuffer(body))
    ) {
      res.setHeader('etag', etagOf(body));
    }
    return send(body);
  };
}

/**
 * Answers a repeated anonymous GraphQL query straight from the response cache, before Apollo parses,
 * validates or executes anything: the kept bytes are written out as they are. Anything it is unsure of
 * (a bearer token, even an invalid one; a batch; persisted-query extensions; another media type) goes on
 * to Apollo, where the response cache plugin decides.
 */
@Injectable()
export class ResponseCacheMiddleware implements NestMiddleware {
  constructor(
    private readonly config: AppConfig,
    private readonly cache: ResponseCache,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    tagPublicAnswers(res);
    if (!this.cache.active || req.headers.authorization !== undefined || !wantsPlainJson(req.headers.accept))
      return next();
    const params = anonymousQueryOf(req);
    if (!params) return next();
    const get = req.method === 'GET';
    const cached = this.cache.get(cacheKey(params.query, params.operationName, params.variables));
    if (!cached) return next();
    res.setHeader(RESPONSE_CACHE_HEADER, 'HIT');
    if (this.config.sqlStatementsHeader) res.setHeader('x-sql-statements', '0');
    res.setHeader('etag', cached.etag);
    if (get && this.config.cacheMaxAge > 0) {
      res.setHeader('cache-control', publicCacheControl(this.config.cacheMaxAge));
      res.setHeader('vary', publicVary(res.getHeader('vary')));
    } else {
      res.setHeader('cache-control', 'no-store');
    }
    // A client (or CDN) that holds this answer already gets 304 and no body.
    if (get && matchesEtag(req.headers['if-none-match'], cached.etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json; charset=utf-8');
    const encoding = cached.compressed && negotiateEncoding(req.headers['accept-encoding'], ['br', 'gzip']);
    const body = encoding ? cached.compressed![encoding] : cached.body;
    if (encoding) res.setHeader('content-encoding', encoding);
    res.setHeader('content-length', String(body.length));
    res.end(body);
  }
}
