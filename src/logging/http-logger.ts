import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pinoHttp, type HttpLogger } from 'pino-http';

/** The one pino-http instance of the application; its `logger` is the root every other log goes through. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** One JSON line per request, with a request id that the answer carries back as `x-request-id`. */
export function createHttpLogger(level: string): HttpLogger {
  return pinoHttp({
    level,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    // Tokens and cookies never reach the log; bodies are not logged at all.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      remove: true,
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
      }),
    },
    // originalUrl: Nest mounts the middleware on a path, and Express strips that from req.url.
    autoLogging: {
      ignore: (req: IncomingMessage & { originalUrl?: string }) =>
        (req.originalUrl ?? req.url ?? '').startsWith('/health'),
    },
  });
}
