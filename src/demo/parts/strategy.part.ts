import type { DemoPart } from '../demo-part.js';

/** The demo's organisations, the strategy, goals, key figures, assessments, focus areas and life events. */
export const strategyPart: DemoPart = {
  name: 'organisations, the strategy, goals, key figures, assessments, focus areas and life events',
  async load() {
    // Filled in by the module that owns this part.
  },
};
