import type { DemoPart } from '../demo-part.js';

/** The demo's status updates, in their states. */
export const statusUpdatesPart: DemoPart = {
  name: 'status updates, in their states',
  async load() {
    // Filled in by the module that owns this part.
  },
};
