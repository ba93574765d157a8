import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { CONSTRAINT_FIELDS } from './constraint-fields.js';
import { DomainError, ErrorCode } from './domain-errors.js';

interface PgError {
  code?: string;
  constraint?: string;
}

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

function isConnectionFailure(error: Error & { code?: string }): boolean {
  if (error.code && CONNECTION_ERRORS.has(error.code)) return true;
  // TypeORM releases a query runner whose connection died; the transaction's ROLLBACK then meets this.
  if (/^QueryRunner(Provider)?AlreadyReleasedError$/.test(error.name)) return true;
  if (typeof error.message !== 'string') return false;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|Connection is not established/i.test(
    error.message,
  );
}

/** Apollo's codes for requests that never reached a resolver, mapped onto the contract's vocabulary. */
const APOLLO_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_SUPPORTED: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
};

/**
 * The one place where errors become `extensions.code`. Domain errors keep their code; database failures
 * are translated by constraint; anything unexpected is INTERNAL_SERVER_ERROR, and in production it carries
 * no message, stack trace or SQL.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { production: boolean; log?: (error: unknown) => void },
): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error) as (Error & PgError & { thrownValue?: unknown }) | undefined;
  // graphql-js wraps a thrown value that is not an Error of this realm (e.g. a socket error seen from a
  // jest sandbox) as "Unexpected error value"; classify the value itself.
  const thrown = unwrapped?.thrownValue;
  const original = (thrown && typeof thrown === 'object' ? thrown : unwrapped) as (Error & PgError) | undefined;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.extensions() } };
  }
  if (original instanceof QueryFailedError) {
    const pg = original.driverError as PgError;
    const known = pg.constraint ? CONSTRAINT_FIELDS[pg.constraint] : undefined;
    if (pg.code === '23505') {
      return withCode(base, 'CONFLICT', known?.message ?? 'A unique key is taken', known?.field);
    }
    if (
      pg.code === '23514' ||
      pg.code === '22001' ||
      pg.code === '22P02' ||
      pg.code === '22003' ||
      pg.code === '22007' ||
      pg.code === '22008'
    ) {
      return withCode(base, 'BAD_USER_INPUT', known?.message ?? 'A value is out of range', known?.field ?? 'input');
    }
    if (pg.code === '22021') {
      // A NUL character (or bytes that are no UTF-8) in a text value: only input can carry one.
      return withCode(base, 'BAD_USER_INPUT', 'Text must not contain NUL characters', known?.field);
    }
    if (pg.code === '23503') {
      return withCode(base, 'NOT_FOUND', 'A referenced record does not exist', known?.field);
    }
    if (pg.code === '40001' || pg.code === '40P01') {
      return withCode(base, 'CONFLICT', 'A concurrent change got there first; try again');
    }
    if (pg.code === 'P0001') {
      return withCode(base, 'INVALID_STATE', 'An approved status update never changes');
    }
    if (pg.code === '57014') {
      return withCode(base, 'SERVICE_UNAVAILABLE', 'The database took too long to answer; try again');
    }
  }
  if (original && isConnectionFailure(original)) {
    return withCode(base, 'SERVICE_UNAVAILABLE', 'The database is not available right now; try again shortly');
  }

  const apolloCode = formatted.extensions?.code as string | undefined;
  if ((!apolloCode || apolloCode === 'INTERNAL_SERVER_ERROR') && isClientStatus(httpStatusOf(error))) {
    // Apollo refuses some requests before anything runs with a 4xx status but without a code of its own
    // (a persisted query whose hash does not match its text, an unknown persisted-query version): the
    // status says whose mistake it was.
    return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (apolloCode && APOLLO_CODES[apolloCode]) {
    const extensions: Record<string, unknown> = { code: APOLLO_CODES[apolloCode] };
    if (apolloCode === 'BAD_USER_INPUT' || apolloCode === 'GRAPHQL_VALIDATION_FAILED') {
      const field = fieldNamedIn(formatted.message);
      if (field) extensions.fieldErrors = [{ field, message: formatted.message }];
    }
    return { ...base, extensions };
  }
  if (apolloCode && apolloCode !== 'INTERNAL_SERVER_ERROR') {
    // Errors raised before execution with one of our codes (e.g. RATE_LIMITED from src/hardening) keep
    // their retry hint.
    const retryAfter = formatted.extensions?.retryAfter;
    return { ...base, extensions: { code: apolloCode, ...(typeof retryAfter === 'number' ? { retryAfter } : {}) } };
  }

  options.log?.(original ?? error);
  return {
    ...base,
    message: options.production ? 'Internal server error' : (original?.message ?? formatted.message),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** The HTTP status Apollo attached to an error it raised itself (`extensions.http`), if any. */
function httpStatusOf(error: unknown): number | undefined {
  const http = (error as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions?.http;
  return typeof http?.status === 'number' ? http.status : undefined;
}

function isClientStatus(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500;
}

function withCode(
  base: Pick<GraphQLFormattedError, 'message' | 'locations' | 'path'>,
  code: ErrorCode,
  message: string,
  field?: string,
): GraphQLFormattedError {
  return { ...base, message, extensions: { code, ...(field ? { fieldErrors: [{ field, message }] } : {}) } };
}

/** graphql-js names the offending variable or argument in its message; carry it as the field. */
function fieldNamedIn(message: string): string | undefined {
  const variable = /Variable "\$([\w]+)"[^;]*?at "([\w.[\]]+)"/.exec(message);
  if (variable) return variable[2].replace(/^\w+\./, `${variable[1]}.`).replace(/\[(\d+)\]/g, '.$1');
  const plainVariable = /Variable "\$([\w]+)"/.exec(message);
  if (plainVariable) return plainVariable[1];
  const field = /(?:Field|Argument) "([\w.]+)"/.exec(message);
  if (field) return field[1];
  return undefined;
}
