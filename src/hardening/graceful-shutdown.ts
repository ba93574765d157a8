import { Injectable } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';

interface SocketState {
  /** Requests answered on this connection */
  served: number;
  /** Requests being answered on it now */
  busy: number;
}

/** Path of the readiness check, which answers 503 while draining so that load balancers stop sending. */
const READINESS_PATH = '/health/ready';
/** How long an idle keep-alive connection may still bring a request after the signal. */
const IDLE_GRACE_MS = 500;
/** The listener closes once no request is running and no connection has come for this long. */
const QUIET_MS = 150;
const TICK_MS = 25;

/**
 * Finishes what the HTTP server accepted before Nest's `app.close()` closes the pool: readiness 503, every
 * answer `Connection: close`, and the listener kept open until the server is idle and quiet, because closing
 * it at once resets connections still in the kernel's queue (README, "When things go wrong";
 * test/shutdown.e2e-spec.ts). Resolves when every connection is gone, or after `graceMs` by cutting the rest.
 */
@Injectable()
export class HttpDrain {
  private draining = false;
  private readonly open = new Set<Response>();
  private readonly sockets = new Map<Socket, SocketState>();
  private lastConnectionAt = 0;

  /** Marks answers while draining; registered first in the middleware chain. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!this.draining) {
      this.open.add(res);
      res.once('close', () => this.open.delete(res));
      return next();
    }
    res.setHeader('connection', 'close');
    if (req.method === 'GET' && req.path === READINESS_PATH) {
      res.status(503).json({
        status: 'error',
        info: {},
        error: { shutdown: { status: 'down', message: 'shutting down' } },
        details: {},
      });
      return;
    }
    next();
  };

  /** Follows the server's connections and which of them are answering a request. */
  track(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.lastConnectionAt = Date.now();
      this.sockets.set(socket, { served: 0, busy: 0 });
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const state = this.sockets.get(req.socket);
      if (!state) return;
      state.busy += 1;
      res.once('close', () => {
        state.busy -= 1;
        state.served += 1;
      });
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Closes keep-alive connections that have answered and wait for another request. */
  private closeIdleKeepAlive(): void {
    for (const [socket, state] of this.sockets) {
      if (state.busy === 0 && state.served > 0) socket.destroy();
    }
  }

  /** A request is running, or a connection has not brought its first request yet. */
  private active(): boolean {
    for (const state of this.sockets.values()) if (state.busy > 0 || state.served === 0) return true;
    return false;
  }

  /** Resolves true when every connection closed by itself, false when the grace time ran out. */
  drain(server: Server, graceMs: number): Promise<boolean> {
    this.draining = true;
    for (const res of this.open) if (!res.headersSent) res.setHeader('connection', 'close');
    const started = Date.now();
    return new Promise((resolve) => {
      if (!server.listening) return resolve(true);
      let listening = true;
      const finish = (complete: boolean) => {
        clearInterval(tick);
        clearTimeout(deadline);
        resolve(complete);
      };
      const closeListener = () => {
        listening = false;
        // server.close() would also call closeIdleConnections() at once (see above); stop listening without it.
        const closeIdleConnections = server.closeIdleConnections;
        server.closeIdleConnections = () => undefined;
        server.close(() => finish(true));
        server.closeIdleConnections = closeIdleConnections;
      };
      const tick = setInterval(() => {
        const now = Date.now();
        if (now - started >= IDLE_GRACE_MS) this.closeIdleKeepAlive();
        const quiet = now - Math.max(this.lastConnectionAt, started) >= QUIET_MS;
        if (listening && ((quiet && !this.active()) || now - started >= graceMs / 2)) closeListener();
      }, TICK_MS);
      const deadline = setTimeout(() => {
        if (listening) closeListener();
        server.closeAllConnections();
        finish(false);
      }, graceMs);
    });
  }
}
