import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuthService } from './auth.service.js';
import { SigningKeysUnavailableError } from './provider-keys.js';
import type { Viewer } from './viewer.js';

/**
 * Signs the caller in from the Authorization header only. Cookies are never read, so a cross-site request
 * carries no credentials. A bad token leaves the caller anonymous. A token that cannot be checked, because
 * the provider's keys cannot be fetched, is answered 503 SERVICE_UNAVAILABLE at once: served as anonymous,
 * its caller would get the wrong answer, and a cache might keep it.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(private readonly auth: AuthService) {}

  async use(req: Request & { viewer?: Viewer | null }, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    try {
      req.viewer = match ? await this.auth.verify(match[1]) : null;
    } catch (error) {
      if (!(error instanceof SigningKeysUnavailableError)) throw error;
      const retryAfter = error.retryAfterSeconds;
      res.status(503);
      res.setHeader('retry-after', String(retryAfter));
      res.setHeader('cache-control', 'no-store');
      res.setHeader('content-type', 'application/json; charset=utf-8');
      const message = 'Sign-in cannot be checked right now: the identity provider is not reachable; try again shortly';
      res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter } }] }));
      return;
    }
    next();
  }
}
