import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Semaphore } from '../common/semaphore.js';
import { AppConfig } from '../config/app-config.js';
import { requestTally } from './sql-counter.js';

/** Opens the request's database scope: its statement tally and its share of the pool's connections. */
@Injectable()
export class RequestTallyMiddleware implements NestMiddleware {
  constructor(private readonly config: AppConfig) {}

  use(_req: Request, _res: Response, next: NextFunction): void {
    requestTally.run({ sql: 0, connections: new Semaphore(this.config.dbConnectionsPerRequest) }, next);
  }
}
