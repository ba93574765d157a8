import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { GraphQLError } from 'graphql';
import type { RequestContext } from '../common/context.js';
import { AppConfig } from '../config/app-config.js';

/** Addresses marked at once; past it, expired marks are swept and new addresses go unmarked until there is room. */
const MAX_MARKED = 100_000;

/** The client address that limits count by: the socket's, or X-Forwarded-For's from a trusted proxy. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Slows down a client that sends again the moment it is refused (test/refusal-brake.e2e-spec.ts). A refusal
 * for a limit (the document's size, depth, aliases or cost, a body or batch too large, the overview gate,
 * a rate limit, an answer too large) marks the client's address for REFUSAL_DELAY_MS; a request of that
 * address that arrives meanwhile waits until the mark is over before anything reads it (its body stays in
 * the socket). Refusals are cheap, but not free: parsing, validating and estimating a hostile document takes
 * milliseconds on the one JavaScript thread, and a loop on N connections would keep N of them ahead of
 * everyone else's requests. With the brake, each connection of a looping address gets at most one request
 * per delay through. Other addresses are not touched, and a client's ordinary mistakes (a bad variable, an
 * unknown id) are not limit refusals.
 */
@Injectable()
export class RefusalBrake {
  private readonly until = new Map<string, number>();
  readonly delayMs: number;

  constructor(config: AppConfig) {
    this.delayMs = config.limits.refusalDelayMs;
  }

  /** Marks the address of a request that was just refused for a limit. */
  refused(req: Request): void {
    if (this.delayMs <= 0) return;
    const now = Date.now();
    const address = clientAddress(req);
    if (!this.until.has(address) && this.until.size >= MAX_MARKED) {
      for (const [key, end] of this.until) if (end <= now) this.until.delete(key);
      if (this.until.size >= MAX_MARKED) return;
    }
    this.until.set(address, now + this.delayMs);
  }

  /** Milliseconds the address's next request waits before it is read; 0 when it is not marked. */
  waitOf(address: string): number {
    const end = this.until.get(address);
    if (end === undefined) return 0;
    const wait = end - Date.now();
    if (wait > 0) return wait;
    this.until.delete(address);
    return 0;
  }

  /** Express middleware, before the body parsers: holds a marked address's request until its mark is over. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    let timer: NodeJS.Timeout | undefined;
    // Another refusal of the address while this one waited moves its mark on: wait for that too.
    const go = () => {
      const wait = this.waitOf(clientAddress(req));
      if (wait === 0) return next();
      timer = setTimeout(go, wait);
    };
    go();
    if (timer) res.once('close', () => clearTimeout(timer));
  };
}

/** Whether a GraphQL error is a refusal for a limit: the limits put their name in `extensions.limit`. */
export function isLimitRefusal(error: GraphQLError): boolean {
  const own = error.extensions?.limit;
  const original = (error.originalError as { limit?: unknown } | undefined)?.limit;
  return typeof own === 'string' || typeof original === 'string';
}

/** Marks the caller's address when an operation is refused for a limit (RefusalBrake). */
@Plugin()
export class RefusalBrakePlugin implements ApolloServerPlugin<RequestContext> {
  constructor(private readonly brake: RefusalBrake) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    const { brake } = this;
    return {
      async didEncounterErrors({ errors, contextValue }) {
        if (contextValue.req && errors.some(isLimitRefusal)) brake.refused(contextValue.req);
      },
    };
  }
}
