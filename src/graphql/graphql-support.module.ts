import { Global, Module } from '@nestjs/common';
import { DocumentCache } from './document-cache.js';

/** What Apollo's options are made with besides the configuration: the bounded document cache. */
@Global()
@Module({ providers: [DocumentCache], exports: [DocumentCache] })
export class GraphQLSupportModule {}
