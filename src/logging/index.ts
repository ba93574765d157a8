export { AppLogger } from './app-logger.js';
export { HttpLogMiddleware } from './http-log.middleware.js';
export { LoggingModule } from './logging.module.js';
