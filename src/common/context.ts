import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer.js';
import { LoaderRegistry } from './loaders/index.js';

/** What every loader gets: the data source and who is asking (visibility rules depend on it). */
export interface LoaderContext {
  dataSource: DataSource;
  viewer: Viewer | null;
}

/** The GraphQL context of one request. */
export interface RequestContext {
  req: Request & { viewer?: Viewer | null };
  res?: Response;
  viewer: Viewer | null;
  loaders: LoaderRegistry<LoaderContext>;
}
