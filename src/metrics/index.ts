export { Metrics, type JobState, type PoolCounts } from './metrics.js';
export { MetricsModule } from './metrics.module.js';
