import { InitialSchema1763800000000 } from './1763800000000-initial-schema.js';

/** Every migration, oldest first. A new migration file is added here too. */
export const MIGRATIONS = [InitialSchema1763800000000];
