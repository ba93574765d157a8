/**
 * The contract's error vocabulary. Services throw these; `formatGraphQLError` maps them (and database and
 * validation failures) to `extensions.code` in one place.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface FieldError {
  /** Dotted path from the argument, e.g. "input.links.0.url" or "period" */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  extensions(): Record<string, unknown> {
    return {};
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Sign-in required: send a valid bearer token') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Not allowed for your role or organisation') {
    super(message);
  }
}

export class BadUserInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly fieldErrors: FieldError[],
    message = fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
  ) {
    super(message);
  }
  static field(field: string, message: string): BadUserInputError {
    return new BadUserInputError([{ field, message }]);
  }
  extensions() {
    return { fieldErrors: this.fieldErrors };
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly field?: string,
  ) {
    super(`${entity} ${JSON.stringify(String(id).slice(0, 100))} not found`);
  }
  extensions() {
    return this.field ? { fieldErrors: [{ field: this.field, message: this.message }] } : {};
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  extensions() {
    return this.field ? { fieldErrors: [{ field: this.field, message: this.message }] } : {};
  }
}

export class InvalidStateError extends DomainError {
  readonly code = 'INVALID_STATE';
}

/**
 * The server is too busy for this now (a queue is full or the wait too long); try again shortly. `limit`
 * names the limit that refused it, when it is one that a client's own requests can reach (RefusalBrake).
 */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
    readonly limit?: string,
  ) {
    super(message);
  }
  extensions() {
    return { retryAfter: this.retryAfterSeconds };
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; try again in ${retryAfterSeconds} s`);
  }
  extensions() {
    return { retryAfter: this.retryAfterSeconds };
  }
}

/** Throws CONFLICT when the caller passed a version and it is not the record's current one. */
export function assertVersion(expected: number | null | undefined, actual: number, entity: string): void {
  if (expected !== undefined && expected !== null && expected !== actual) {
    throw new ConflictError(
      `${entity} has changed since you read it (your version ${expected}, now ${actual}); reload and try again`,
      'expectedVersion',
    );
  }
}
