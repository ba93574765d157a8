import { quarterInWords } from '../common/norwegian.js';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import {
  BadUserInputError,
  type ErrorCode,
  formatGraphQLError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
} from '../common/errors/index.js';
import { currentQuarter, FIRST_QUARTER } from '../common/quarter.js';
import { AppConfig } from '../config/app-config.js';

import { PageRenderer } from './page-renderer.js';

/** The HTTP status of each error code, for the routes that are not GraphQL. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export interface DescribedError {
  status: number;
  code: ErrorCode;
  /** The message as GraphQL would give it (no internals in production) */
  message: string;
  retryAfter?: number;
}

/**
 * What an error is, in the one mapping GraphQL uses (format-error.ts: domain errors, database failures,
 * anything unexpected), with the HTTP status of its code. Nest's own HTTP errors keep their status.
 */
export function describeError(error: unknown, options: { production: boolean; log: (e: unknown) => void }) {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code: ErrorCode = status === 404 ? 'NOT_FOUND' : status < 500 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR';
    return { status, code, message: error.message } satisfies DescribedError;
  }
  const formatted = formatGraphQLError({ message: 'error' }, error, options);
  const code = (formatted.extensions?.code as ErrorCode | undefined) ?? 'INTERNAL_SERVER_ERROR';
  const retryAfter =
    error instanceof ServiceUnavailableError || error instanceof RateLimitedError
      ? error.retryAfterSeconds
      : code === 'SERVICE_UNAVAILABLE'
        ? 1
        : undefined;
  return { status: HTTP_STATUS[code] ?? 500, code, message: formatted.message, retryAfter } satisfies DescribedError;
}

/** A page's heading and text for an error, in Norwegian; never the raw input unescaped (the template escapes). */
export function errorPageText(error: unknown, described: DescribedError): { heading: string; message: string } {
  if (described.status === 404) {
    const entity = error instanceof NotFoundError ? error.entity : '';
    const id = error instanceof NotFoundError ? error.id : '';
    const message =
      entity === 'Goal'
        ? `Det finnes ikke noe mål med nummer ${id}.`
        : entity === 'Initiative'
          ? `Det finnes ikke noe initiativ med koden «${id}».`
          : entity === 'PublishedReport'
            ? `Det er ikke publisert noen rapport for ${quarterInWords(id)}: rapporteringsrunden er ikke avsluttet.`
            : entity === 'Strategy'
              ? 'Det er ikke lagt inn noen handlingsplan ennå.'
              : 'Adressen er feil, eller siden er flyttet.';
    return { heading: 'Fant ikke siden', message };
  }
  if (described.status === 400) {
    const fields = error instanceof BadUserInputError ? error.fieldErrors.map((f) => f.field) : [];
    if (fields.includes('period')) {
      return {
        heading: 'Ugyldig kvartal',
        message:
          `Kvartalet skrives som år og kvartal, for eksempel 2025-Q3, og må ligge fra ${quarterInWords(FIRST_QUARTER)} ` +
          `til inneværende kvartal (${quarterInWords(currentQuarter())}).`,
      };
    }
    return { heading: 'Ugyldig adresse', message: 'Adressen inneholder verdier som ikke kan brukes.' };
  }
  if (described.status === 503 || described.status === 429) {
    return { heading: 'Tjenesten er opptatt', message: 'Prøv igjen om litt.' };
  }
  return { heading: 'Noe gikk galt', message: 'Siden kunne ikke vises. Prøv igjen senere.' };
}

function refusal(res: Response, described: DescribedError): void {
  res.status(described.status);
  res.setHeader('cache-control', 'no-store');
  if (described.retryAfter !== undefined) res.setHeader('retry-after', String(described.retryAfter));
  // RFC 9110: a 401 names the scheme the caller must sign in with.
  if (described.status === 401) res.setHeader('www-authenticate', 'Bearer');
}

/** Errors of the status pages as HTML pages with the right status (404, 400, 503, ...). */
@Catch()
@Injectable()
export class StatusPageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('StatusPages');

  constructor(
    private readonly config: AppConfig,
    private readonly renderer: PageRenderer,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const described = describeError(error, { production: this.config.production, log: (e) => this.log(e) });
    const text = errorPageText(error, described);
    refusal(res, described);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      this.renderer.render('error', {
        ...text,
        title: text.heading,
        status: described.status,
        strategyTitle: '',
        breadcrumbs: [],
        downloads: [],
      }),
    );
  }

  private log(error: unknown): void {
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}

/**
 * Errors of the exports and open data as JSON, shaped like a GraphQL error (`errors[0].extensions.code`),
 * with the right status; 401 with `WWW-Authenticate: Bearer`. A file already on its way is cut off, so a
 * client never takes half a file for a whole one.
 */
@Catch()
@Injectable()
export class FileErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exports');

  constructor(private readonly config: AppConfig) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const described = describeError(error, {
      production: this.config.production,
      log: (e) => this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e)),
    });
    refusal(res, described);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    const extensions: Record<string, unknown> = { code: described.code };
    if (error instanceof BadUserInputError) extensions.fieldErrors = error.fieldErrors;
    if (described.retryAfter !== undefined) extensions.retryAfter = described.retryAfter;
    res.end(JSON.stringify({ errors: [{ message: described.message, extensions }] }));
  }
}
