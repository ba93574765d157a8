import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { GRAPHQL_PATH } from './http-guards.js';

/** The status pages (src/publishing): the only routes another site may frame, and only from EMBED_ORIGINS. */
export const STATUS_PAGES_PATH = '/status';

export function isStatusPage(path: string): boolean {
  return path === STATUS_PAGES_PATH || path.startsWith(`${STATUS_PAGES_PATH}/`);
}

/**
 * Security headers on every response. The API answers JSON, so its content security policy allows nothing
 * to load and no page to frame it. The one HTML page, the development landing page (Apollo Sandbox, off in
 * production), brings its own policy in a <meta> tag that allows Apollo's CDN; it gets no header policy.
 * The status pages are HTML without scripts: their policy allows their own stylesheet, forms back to
 * themselves, and framing by the EMBED_ORIGINS only (default none). X-Frame-Options knows no list of
 * origins, so those pages send DENY when none may frame them and nothing when some may (a SAMEORIGIN there
 * would block the portals that frame-ancestors allows).
 */
export function securityHeaders(production: boolean, embedOrigins: string[] = []) {
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
  const statusPages = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        // The stylesheet route; charts and icons are inline SVG, which loads nothing.
        styleSrc: ["'self'"],
        // The quarter picker is a GET form to the page itself.
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: embedOrigins.length > 0 ? embedOrigins : ["'none'"],
      },
    },
    xFrameOptions: embedOrigins.length > 0 ? false : { action: 'deny' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isStatusPage(req.path)) return statusPages(req, res, next);
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
