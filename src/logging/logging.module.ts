import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppLogger } from './app-logger.js';
import { HttpLogMiddleware } from './http-log.middleware.js';
import { createHttpLogger, HTTP_LOGGER } from './http-logger.js';

/**
 * JSON-line logs (pino) with request ids. Our own few lines rather than nestjs-pino, whose versions for Nest 12
 * declare Node >=22.12 only. AppModule applies HttpLogMiddleware first, so every later step logs bound to it.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(level: string): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: HTTP_LOGGER, useValue: createHttpLogger(level) }, AppLogger, HttpLogMiddleware],
      exports: [HTTP_LOGGER, AppLogger, HttpLogMiddleware],
    };
  }
}
