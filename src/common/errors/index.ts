export * from './domain-errors.js';
export { CONSTRAINT_FIELDS } from './constraint-fields.js';
export { formatGraphQLError } from './format-error.js';
