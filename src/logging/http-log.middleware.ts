import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { HttpLogger } from 'pino-http';
import { requestLogger } from './app-logger.js';
import { HTTP_LOGGER } from './http-logger.js';

/** Logs the request when its answer is sent, and binds the rest of its handling to the request's logger. */
@Injectable()
export class HttpLogMiddleware implements NestMiddleware {
  constructor(@Inject(HTTP_LOGGER) private readonly httpLogger: HttpLogger) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.httpLogger(req, res, () => requestLogger.run(req.log, next));
  }
}
