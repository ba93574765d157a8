import type { DemoPart } from './demo-part.js';

/**
 * The demo's parts in load order. Each module adds its own part (organisations and strategy first, then
 * initiatives, then status updates).
 */
export const DEMO_PARTS: DemoPart[] = [];
