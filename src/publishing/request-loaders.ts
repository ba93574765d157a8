import { Injectable, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Viewer } from '../auth/viewer.js';
import type { LoaderContext } from '../common/context.js';
import { LoaderRegistry } from '../common/loaders/index.js';

/**
 * The loaders of one page or file, made as GraphQL makes them for a request (graphql-config.service.ts).
 * Pages and public files are read as an anonymous reader sees the plan, whoever asks: a signed-in reviewer's
 * page holds nothing a cached one would not. The round export reads as its reviewer.
 */
@Injectable()
export class RequestLoaders {
  constructor(private readonly moduleRef: ModuleRef) {}

  create(viewer: Viewer | null = null): LoaderRegistry<LoaderContext> {
    const get = <T>(type: Type<T>): T => this.moduleRef.get(type, { strict: false });
    return new LoaderRegistry<LoaderContext>({ viewer, get });
  }
}
