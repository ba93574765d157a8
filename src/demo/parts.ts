import type { DemoPart } from './demo-part.js';
import { initiativesPart } from './parts/initiatives.part.js';
import { roundsPart } from './parts/rounds.part.js';
import { statusUpdatesPart } from './parts/status-updates.part.js';
import { strategyPart } from './parts/strategy.part.js';

/** The demo's parts in load order: the plan's frame, then initiatives, status updates and their rounds. */
export const DEMO_PARTS: DemoPart[] = [strategyPart, initiativesPart, statusUpdatesPart, roundsPart];
