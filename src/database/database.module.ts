import { Global, Module } from '@nestjs/common';
import { Database } from './database.js';

/** The one way to PostgreSQL (Database), for every module. The data source itself is TypeOrmModule's. */
@Global()
@Module({ providers: [Database], exports: [Database] })
export class DatabaseModule {}
