import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics.js';
import { MetricsPlugin } from './metrics.plugin.js';

/**
 * Prometheus metrics (METRICS_PORT): the registry and its endpoint (Metrics) and the Apollo plugin that tells
 * it about each operation. Cross-cutting: other modules report to Metrics, it knows none of them.
 */
@Global()
@Module({ providers: [Metrics, MetricsPlugin], exports: [Metrics] })
export class MetricsModule {}
