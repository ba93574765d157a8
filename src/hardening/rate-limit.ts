import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Injectable } from '@nestjs/common';
import { GraphQLError, Kind } from 'graphql';
import type { RequestContext } from '../common/context.js';
import { AppConfig } from '../config/app-config.js';

/**
 * Counts hits per key in a sliding window (the previous window's count, weighted by how much of it still
 * overlaps, plus the current one), the usual approximation that needs two counters per key and no timers.
 *
 * The counts live in this process: behind a load balancer each instance counts on its own, so the
 * effective limit is the configured one times the number of instances. A limit of 0 turns counting off.
 */
export class SlidingWindowCounter {
  private window = -1;
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly windowSeconds: number,
    /** Keys kept per window; past it, new keys share one count (an address flood then slows only new keys). */
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts `n` hits for `key`; returns 0 when they are allowed, else the seconds to wait before retrying. */
  hit(key: string, n = 1): number {
    if (this.limit <= 0) return 0;
    const windowMs = this.windowSeconds * 1000;
    const now = this.now();
    const window = Math.floor(now / windowMs);
    if (window !== this.window) {
      this.previous = window === this.window + 1 ? this.current : new Map();
      this.current = new Map();
      this.window = window;
    }
    const counted = this.current.has(key) || this.current.size < this.maxKeys ? key : '\u0000overflow';
    const elapsed = (now - window * windowMs) / windowMs;
    const before = this.previous.get(counted) ?? 0;
    const count = (this.current.get(counted) ?? 0) + n;
    const estimate = before * (1 - elapsed) + count;
    if (estimate > this.limit) {
      return Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    }
    this.current.set(counted, count);
    return 0;
  }

  /** Number of keys held (for tests of the memory bound). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}

export function rateLimitedBody(retryAfterSeconds: number, what: string) {
  return {
    errors: [
      {
        message: `Too many ${what}; try again in ${retryAfterSeconds} s`,
        extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterSeconds },
      },
    ],
  };
}

/** Requests per client address (http-guards.ts readRateLimit): counted in this instance's memory. */
@Injectable()
export class ReadRateLimiter extends SlidingWindowCounter {
  constructor(config: AppConfig) {
    super(config.rateLimit.reads, config.rateLimit.windowSeconds);
  }
}

/** Writes per signed-in subject. */
@Injectable()
export class WriteRateLimiter extends SlidingWindowCounter {
  constructor(config: AppConfig) {
    super(config.rateLimit.writes, config.rateLimit.windowSeconds);
  }
}

/**
 * Limits writes per signed-in subject: every root field of a mutation counts as one write. Anonymous
 * mutations are not counted here (the guard refuses them as UNAUTHENTICATED); they count as requests of
 * their address in the read limit. The refusal comes before execution, so nothing is written.
 */
@Plugin()
export class WriteRateLimitPlugin implements ApolloServerPlugin<RequestContext> {
  constructor(private readonly counter: WriteRateLimiter) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    const counter = this.counter;
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (!operation || operation.operation !== 'mutation' || !contextValue.viewer || counter.limit <= 0) return;
        const writes = operation.selectionSet.selections.filter(
          (s) => !(s.kind === Kind.FIELD && s.name.value === '__typename'),
        ).length;
        const wait = counter.hit(`subject:${contextValue.viewer.subject}`, Math.max(1, writes));
        if (wait > 0) {
          const body = rateLimitedBody(wait, 'writes').errors[0];
          throw new GraphQLError(body.message, {
            extensions: {
              ...body.extensions,
              http: { status: 429, headers: new Map([['retry-after', String(wait)]]) },
            },
          });
        }
      },
    };
  }
}
