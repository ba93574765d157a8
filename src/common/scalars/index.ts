export { DateScalar, isCalendarDate } from './date.scalar.js';
export { DateTimeScalar } from './date-time.scalar.js';
export { JSONScalar } from './json.scalar.js';
export { QuarterScalar } from './quarter.scalar.js';
