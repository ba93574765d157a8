import type { NextFunction, Request, Response } from 'express';
import { rateLimitedBody, SlidingWindowCounter } from './rate-limit.js';
import { clientAddress, type RefusalBrake } from './refusal-brake.js';

/** The GraphQL endpoint's path (graphql-options.ts). */
export const GRAPHQL_PATH = '/graphql';

function sendErrors(
  res: Response,
  status: number,
  message: string,
  code: string,
  headers: Record<string, string> = {},
  extensions: Record<string, unknown> = {},
): void {
  if (res.headersSent) return;
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }));
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

/**
 * Turns the body parser's failures into JSON answers in the GraphQL error format instead of Express's HTML
 * page: 413 for a body over the limit, 400 for JSON that does not parse, 415 for an unknown charset or
 * encoding. Anything else goes on to the next error handler.
 */
export function bodyErrorHandler(limit: string, brake: RefusalBrake) {
  return (error: BodyParserError, req: Request, res: Response, next: NextFunction): void => {
    switch (error.type) {
      case 'entity.too.large':
        brake.refused(req);
        return sendErrors(res, 413, `The request body is larger than the limit of ${limit}`, 'BAD_USER_INPUT', {
          connection: 'close',
        });
      case 'entity.parse.failed':
        return sendErrors(res, 400, 'The request body is not valid JSON', 'BAD_USER_INPUT');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return sendErrors(res, 415, error.message, 'BAD_USER_INPUT');
      case 'request.aborted':
      case 'request.size.invalid':
      case 'stream.encoding.set':
        return sendErrors(res, 400, 'The request body could not be read', 'BAD_USER_INPUT');
      default:
        return next(error);
    }
  };
}

/**
 * Apollo runs every operation of a batched request (a JSON array); more than `limit` of them in one request
 * is refused before any is parsed.
 */
export function batchLimit(limit: number, brake: RefusalBrake) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path === GRAPHQL_PATH && Array.isArray(req.body)) {
      if (req.body.length > limit) {
        brake.refused(req);
        return sendErrors(
          res,
          400,
          `The request batches ${req.body.length} operations; at most ${limit} ${limit === 1 ? 'is' : 'are'} allowed per request`,
          'BAD_USER_INPUT',
        );
      }
      if (req.body.length === 0) return sendErrors(res, 400, 'The request batches no operations', 'BAD_USER_INPUT');
    }
    next();
  };
}

/**
 * Objects and lists nested in an operation's variables or extensions. The deepest input of the schema nests
 * a handful (`input.links.0.url`); what is deeper is no input, and walking it (JSON.stringify of a cache
 * key, say) could overflow the stack.
 */
export const MAX_VARIABLES_DEPTH = 32;

/** How deeply objects and lists nest in `value` (a scalar is 0), counted without recursion up to `limit + 1`. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** A GET request's variables and extensions come as JSON text; Apollo answers text that does not parse. */
function parsedParameter(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * Refuses an operation whose variables or extensions nest deeper than `maxDepth`, before anything walks
 * them: 400, BAD_USER_INPUT naming `variables` (or `extensions`).
 */
export function variablesDepthLimit(maxDepth: number, brake: RefusalBrake) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== GRAPHQL_PATH) return next();
    const source: unknown = req.method === 'GET' ? req.query : req.body;
    const operations = Array.isArray(source) ? source : [source];
    for (const operation of operations) {
      if (!operation || typeof operation !== 'object') continue;
      for (const field of ['variables', 'extensions'] as const) {
        const value = (operation as Record<string, unknown>)[field];
        if (nestingDepth(parsedParameter(value), maxDepth) > maxDepth) {
          const message = `The ${field} nest objects and lists more than ${maxDepth} levels deep; no input needs that many`;
          brake.refused(req);
          return sendErrors(res, 400, message, 'BAD_USER_INPUT', {}, { fieldErrors: [{ field, message }] });
        }
      }
    }
    next();
  };
}

/**
 * Limits GraphQL requests per client address (every operation of a batch counts). The address is the
 * socket's, or X-Forwarded-For's when the request comes through a proxy on loopback ('trust proxy').
 */
export function readRateLimit(counter: SlidingWindowCounter, brake: RefusalBrake) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (counter.limit <= 0 || req.path !== GRAPHQL_PATH) return next();
    const operations = Array.isArray(req.body) ? Math.max(1, req.body.length) : 1;
    const wait = counter.hit(`address:${clientAddress(req)}`, operations);
    if (wait > 0) {
      brake.refused(req);
      res.status(429).setHeader('retry-after', String(wait));
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(JSON.stringify(rateLimitedBody(wait, 'requests')));
      return;
    }
    next();
  };
}

/**
 * A query document longer than `limit` characters is refused before it is parsed or kept: comments do not
 * count toward the parser's token limit, and every distinct document would otherwise be parsed and cached
 * with its text.
 */
export function querySizeLimit(limit: number, brake: RefusalBrake) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== GRAPHQL_PATH) return next();
    const source: unknown = req.method === 'GET' ? req.query : req.body;
    for (const operation of Array.isArray(source) ? source : [source]) {
      const query = operation && typeof operation === 'object' ? (operation as { query?: unknown }).query : undefined;
      if (typeof query === 'string' && query.length > limit) {
        const message = `The query document is ${query.length} characters long; at most ${limit} are allowed`;
        brake.refused(req);
        return sendErrors(res, 400, message, 'BAD_USER_INPUT', {}, { fieldErrors: [{ field: 'query', message }] });
      }
    }
    next();
  };
}
