import { Global, Module } from '@nestjs/common';
import { Database } from './database.js';
import { ReadRouteMiddleware } from './read-route.middleware.js';
import { ReplicaSet } from './replicas.js';

/**
 * The one way to PostgreSQL (Database), for every module, and the read replicas it sends anonymous reads
 * to. The primary's data source itself is TypeOrmModule's.
 */
@Global()
@Module({
  providers: [Database, ReplicaSet, ReadRouteMiddleware],
  exports: [Database, ReplicaSet, ReadRouteMiddleware],
})
export class DatabaseModule {}
