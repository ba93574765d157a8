import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { GRAPHQL_PATH } from './http-guards.js';

/**
 * Security headers on every response. The API answers JSON, so its content security policy allows nothing
 * to load and no page to frame it. The one HTML page, the development landing page (Apollo Sandbox, off in
 * production), brings its own policy in a <meta> tag that allows Apollo's CDN; it gets no header policy.
 */
export function securityHeaders(production: boolean) {
  const api = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    // Cross-Origin-Resource-Policy stays same-origin: it governs no-cors loads (<script src>, <img>) only;
    // a portal on another origin reads the API with CORS, which it does not affect.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  const landingPage = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  return (req: Request, res: Response, next: NextFunction): void => {
    const wantsLandingPage =
      !production &&
      req.method === 'GET' &&
      req.path === GRAPHQL_PATH &&
      (req.headers.accept ?? '').includes('text/html');
    (wantsLandingPage ? landingPage : api)(req, res, next);
  };
}

/**
 * CORS for the configured origins only (CORS_ORIGINS); with none configured no CORS headers are sent and
 * browsers keep other sites from reading answers. Credentials are never allowed: callers sign in with a
 * bearer token in the Authorization header, which a page on another site cannot attach by itself.
 */
export function corsOptions(origins: string[]): CorsOptions | undefined {
  if (origins.length === 0) return undefined;
  return {
    origin: origins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'accept', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
  };
}
