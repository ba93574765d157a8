import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * Lets the HTTP server finish what it accepted before the application closes its database pool.
 *
 * Nest's `app.close()` runs the modules' shutdown hooks (which close the pool) around closing the HTTP
 * server, so requests still running would lose their database. `drain()` therefore runs first: it stops
 * accepting connections, marks every answer still to be sent with `Connection: close` so keep-alive
 * clients do not send more on it, closes idle keep-alive connections as they become idle (after a short
 * pause, see below), and resolves when every connection is gone, or after `graceMs` by cutting the rest.
 */
export class HttpDrain {
  private draining = false;
  private readonly open = new Set<Response>();

  /** Tracks answers in flight; registered first in the middleware chain. */
  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) {
      res.setHeader('connection', 'close');
    } else {
      this.open.add(res);
      res.once('close', () => this.open.delete(res));
    }
    next();
  };

  get isDraining(): boolean {
    return this.draining;
  }

  /** Resolves true when every connection closed by itself, false when the grace time ran out. */
  drain(server: Server, graceMs: number): Promise<boolean> {
    this.draining = true;
    for (const res of this.open) if (!res.headersSent) res.setHeader('connection', 'close');
    return new Promise((resolve) => {
      if (!server.listening) return resolve(true);
      const timers: { idle?: NodeJS.Timeout; start?: NodeJS.Timeout } = {};
      const deadline = setTimeout(() => {
        clearTimeout(timers.start);
        clearInterval(timers.idle);
        server.closeAllConnections();
        resolve(false);
      }, graceMs);
      // server.close() stops listening and at once cuts every connection without a request in progress,
      // which includes one accepted a moment ago whose request has not been read yet. Skip that first cut;
      // idle connections are closed a little later, once such requests have had time to arrive (they are
      // then answered with Connection: close).
      const closeIdleConnections = server.closeIdleConnections;
      server.closeIdleConnections = () => undefined;
      server.close(() => {
        clearTimeout(timers.start);
        clearInterval(timers.idle);
        clearTimeout(deadline);
        resolve(true);
      });
      server.closeIdleConnections = closeIdleConnections;
      timers.start = setTimeout(() => {
        server.closeIdleConnections();
        timers.idle = setInterval(() => server.closeIdleConnections(), 100);
      }, Math.min(IDLE_GRACE_MS, graceMs));
    });
  }
}

/** How long a connection accepted just before shutdown gets to send its request before it counts as idle. */
const IDLE_GRACE_MS = 500;
