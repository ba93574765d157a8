import type { ModuleRef } from '@nestjs/core';
import type { Viewer } from '../auth/viewer.js';
import type { DemoData } from './demo-data.js';

/** What the parts of the demo load share: the data, who writes it, and the ids made so far. */
export interface DemoContext {
  data: DemoData;
  moduleRef: ModuleRef;
  /** An ADMIN who writes the plan and the owners' updates */
  admin: Viewer;
  /** A REVIEWER, not the author, who approves the demo's published updates */
  reviewer: Viewer;
  strategyId?: string;
  organizationIds: Map<string, string>;
  goalIds: Map<number, string>;
  focusAreaIds: Map<string, string>;
  lifeEventIds: Map<string, string>;
  initiativeIds: Map<string, string>;
}

/** One module's share of the demo, loaded through that module's services. */
export interface DemoPart {
  name: string;
  load(context: DemoContext): Promise<void>;
}
