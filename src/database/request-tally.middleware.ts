import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestTally } from './sql-counter.js';

/** Opens the per-request statement tally that the TypeORM logger adds to. */
@Injectable()
export class RequestTallyMiddleware implements NestMiddleware {
  use(_req: Request, _res: Response, next: NextFunction): void {
    requestTally.run({ sql: 0 }, next);
  }
}
