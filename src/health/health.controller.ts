import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../auth/index.js';
import { ReplicaSet } from '../database/replicas.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly replicas: ReplicaSet,
  ) {}

  /** The process is up and serving HTTP. */
  @Public()
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * The database answers: 200, or 503 while it is away. Each read replica is named with its state (up, down,
   * lagging) and lag; one that is away never fails readiness (the primary serves its reads).
   */
  @Public()
  @Get('ready')
  @HealthCheck()
  ready() {
    const checks: HealthIndicatorFunction[] = [() => this.database.pingCheck('database', { timeout: 1500 })];
    if (this.replicas.replicas.length > 0) {
      checks.push(() => this.indicators.check('replicas').up(this.replicas.status()));
    }
    return this.health.check(checks);
  }
}
