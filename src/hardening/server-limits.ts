import type { Server } from 'node:http';
import type { AppConfig } from '../config/app-config.js';

/**
 * Bounds what slow or idle clients can hold on the HTTP server. Node's defaults let a request take 300 s
 * (a body sent a byte at a time keeps its connection that long) and open any number of connections.
 * - requestTimeout: the whole request, headers and body, must arrive within it (else 408 and close);
 * - headersTimeout: the headers alone, also those of the next request on a keep-alive connection;
 * - keepAliveTimeout: how long an idle keep-alive connection waits for its next request;
 * - maxConnections: connections past the cap are closed as they come, before any byte is read.
 * Node checks the two timeouts every `connectionsCheckingInterval` (30 s by default, so a 30 s timeout
 * would only bite after up to 60 s). It is a constructor option that @types/node does not declare as a
 * property, but Node reads the property when the server starts listening, so set here it applies.
 */
export function applyServerLimits(
  server: Server & { connectionsCheckingInterval?: number },
  limits: AppConfig['http'],
): void {
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.connectionsCheckingInterval = Math.min(1000, Math.floor(limits.headersTimeoutMs / 4));
}
