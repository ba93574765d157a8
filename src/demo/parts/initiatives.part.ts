import type { DemoPart } from '../demo-part.js';

/** The demo's initiatives and their deliveries. */
export const initiativesPart: DemoPart = {
  name: 'initiatives and their deliveries',
  async load() {
    // Filled in by the module that owns this part.
  },
};
