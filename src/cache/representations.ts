import etag from 'etag';
import Negotiator from 'negotiator';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Says whether the in-process cache answered (HIT) or not (MISS); only on anonymous queries while it is on. */
export const RESPONSE_CACHE_HEADER = 'x-response-cache';

/** Content encodings a kept answer is stored in, besides identity. */
export type Encoding = 'br' | 'gzip';

/** Answers smaller than this are sent as they are (compression would save less than it costs). */
export const COMPRESS_AT_BYTES = 1024;

/**
 * The body's ETag: a hash of its bytes, so every instance gives the same one for the same answer and it
 * changes only when the answer does. Weak (the gzip and brotli forms are the same answer), and made the way
 * Express makes the ETag of the answers Apollo sends (the `etag` package), so a kept answer and a computed
 * one of the same bytes carry the same tag.
 */
export function etagOf(body: Buffer | string): string {
  return etag(body, { weak: true });
}

/** Whether an If-None-Match header names `etag` (or is `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const tag = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((given) => {
    const value = given.trim();
    return value === '*' || value.replace(/^W\//, '') === tag;
  });
}

/**
 * The encoding to send, by Accept-Encoding with its q-values and `*` (RFC 9110), among those at hand;
 * undefined for identity. The same negotiation the compression middleware makes for other answers.
 */
export function negotiateEncoding(acceptEncoding: string | undefined, available: Encoding[]): Encoding | undefined {
  if (acceptEncoding === undefined || available.length === 0) return undefined;
  const chosen = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }).encoding([
    ...available,
    'identity',
  ]);
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * The compressed forms of a body, made once when it is kept (on zlib's threads, off the event loop), so
 * that serving a kept answer costs no compression. Brotli at quality 5 and gzip at level 6: a tenth or less
 * of JSON's size at a few milliseconds per megabyte.
 */
export async function compressedForms(body: Buffer): Promise<Record<Encoding, Buffer>> {
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzipped(body, { level: 6 }),
  ]);
  return { br, gzip: gz };
}
