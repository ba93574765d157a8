import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuthService } from './auth.service.js';
import type { Viewer } from './viewer.js';

/**
 * Signs the caller in from the Authorization header only. Cookies are never read, so a cross-site request
 * carries no credentials. A bad token leaves the caller anonymous.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(private readonly auth: AuthService) {}

  async use(req: Request & { viewer?: Viewer | null }, _res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    req.viewer = match ? await this.auth.verify(match[1]) : null;
    next();
  }
}
