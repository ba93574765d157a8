import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthMiddleware } from './auth/auth.middleware.js';
import { AuthModule } from './auth/auth.module.js';
import { CacheModule } from './cache/cache.module.js';
import { SharedAnswersMiddleware } from './cache/shared-answers.middleware.js';
import { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/app-config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { DatabaseModule } from './database/database.module.js';
import { ReadRouteMiddleware } from './database/read-route.middleware.js';
import { RequestTallyMiddleware } from './database/request-tally.middleware.js';
import { DemoModule } from './demo/demo.module.js';
import { ExecutionModule } from './graphql/execution.module.js';
import { GraphQLConfigService } from './graphql/graphql-config.service.js';
import { GraphQLSupportModule } from './graphql/graphql-support.module.js';
import { HardeningModule } from './hardening/hardening.module.js';
import { HealthModule } from './health/health.module.js';
import { InitiativesModule } from './initiatives/initiatives.module.js';
import { HttpLogMiddleware, LoggingModule } from './logging/index.js';
import { MetricsModule } from './metrics/index.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { OverviewModule } from './overview/overview.module.js';
import { PublishingModule } from './publishing/publishing.module.js';
import { RoundsModule } from './rounds/rounds.module.js';
import { StatusUpdatesModule } from './status-updates/status-updates.module.js';
import { StrategyModule } from './strategy/strategy.module.js';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ app: config })] }),
        LoggingModule.forRoot(config.logLevel),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            dataSourceOptions({
              url: databaseUrl,
              poolSize: config.dbPoolSize,
              statementTimeoutMs: config.dbStatementTimeoutMs,
              connectTimeoutMs: config.dbConnectTimeoutMs,
            }),
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [GraphQLSupportModule],
          useClass: GraphQLConfigService,
        }),
        AppConfigModule.forRoot(config),
        DatabaseModule,
        HardeningModule,
        MetricsModule,
        AuthModule,
        AuditModule,
        HealthModule,
        OrganizationsModule,
        StrategyModule,
        InitiativesModule,
        StatusUpdatesModule,
        OverviewModule,
        RoundsModule,
        NotificationsModule,
        PublishingModule,
        CacheModule,
        DemoModule,
        // Last: see execution.module.ts.
        ExecutionModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // The request log first: what follows logs bound to the request.
    // Reads are routed once the caller is known.
    consumer.apply(HttpLogMiddleware, RequestTallyMiddleware, AuthMiddleware, ReadRouteMiddleware).forRoutes('{*path}');
    // After them: it keys by where the reads go, and a joining request's statement tally is its own.
    consumer.apply(SharedAnswersMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }
}
