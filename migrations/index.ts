import { InitialSchema1763800000000 } from './1763800000000-initial-schema.js';
import { StatusUpdateAuthors1764600000000 } from './1764600000000-status-update-authors.js';
import { ReportingRounds1765000000000 } from './1765000000000-reporting-rounds.js';
import { WriteRateLimit1765200000000 } from './1765200000000-write-rate-limit.js';
import { Notifications1765500000000 } from './1765500000000-notifications.js';

/** Every migration, oldest first. A new migration file is added here too. */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  StatusUpdateAuthors1764600000000,
  ReportingRounds1765000000000,
  WriteRateLimit1765200000000,
  Notifications1765500000000,
];
