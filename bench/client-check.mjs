#!/usr/bin/env node
// How fast the load generators themselves take in answers of a given size: `node bench/client-check.mjs
// [--bytes 216000,2900000] [--duration 8]`. Starts a trivial node:http server (in this process) that sends
// a fixed body of random bytes with Content-Encoding: br, as a kept brotli answer goes out, and drives it
// with autocannon and with bench/http-load.mjs, 10 connections each. What a client reaches here is the most
// it can show of any server.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { httpLoad } from './http-load.mjs';

const { values: args } = parseArgs({
  options: { bytes: { type: 'string', default: '22000,216000,2900000' }, duration: { type: 'string', default: '8' } },
});
const duration = Number(args.duration);
for (const size of args.bytes.split(',').map(Number)) {
  const body = randomBytes(size);
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-encoding', 'br');
    res.setHeader('content-length', String(body.length));
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const cannon = await autocannon({ url: `${url}/x`, connections: 10, duration });
  const http = await httpLoad({ urls: [url], connections: 10, warmup: 1, duration, path: '/x' });
  process.stdout.write(
    `${size} bytes: autocannon ${cannon.requests.average.toFixed(0)} req/s (p50 ${cannon.latency.p50} ms), ` +
      `node:http client ${http.rps.toFixed(0)} req/s (p50 ${http.p50} ms)\n`,
  );
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
