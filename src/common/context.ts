import type { Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Viewer } from '../auth/viewer.js';
import { LoaderRegistry } from './loaders/index.js';

/**
 * What every loader gets: who is asking (visibility rules depend on it) and the application's providers,
 * so that a loader's batch is one call of a repository method (the repositories hold the SQL).
 */
export interface LoaderContext {
  viewer: Viewer | null;
  get<T>(type: Type<T>): T;
}

/** The GraphQL context of one request. */
export interface RequestContext {
  req: Request & { viewer?: Viewer | null };
  res?: Response;
  viewer: Viewer | null;
  loaders: LoaderRegistry<LoaderContext>;
}
