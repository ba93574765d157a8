// A load generator for answers whose bodies are large: `connections` keep-alive connections of node:http
// (llhttp, in C), each sending the next request when the previous answer's last byte is in, and counting the
// body's bytes without keeping or decoding them.
//
// Why beside autocannon: autocannon 9 appends every body chunk to a string (lib/pipelinedRequestsQueue.js,
// `req.body += data`), so it decodes each answer as UTF-8 on its one thread. With a brotli answer of 212 KB
// that decoding, not the server, sets the pace. `node bench/client-check.mjs` shows it with a trivial server
// that sends fixed bodies of random bytes (as brotli is): 216 KB, autocannon 147 requests/s and this client
// 2,145 on the same machine (bench/RESULTS.md, "The load generator and large answers").
import { Agent, request } from 'node:http';

/**
 * Sends `method path` with `headers` to the `urls` in turn for `warmup` then `duration` seconds. Resolves with
 * what the measured part gave: requests/s, p50 and p99 in ms, the count, body bytes per answer, and the
 * failures (a status other than `expectStatus`, 200 by default, or a network error).
 */
export async function httpLoad({
  urls,
  connections,
  warmup,
  duration,
  method = 'GET',
  path,
  headers = {},
  expectStatus = 200,
}) {
  const agents = urls.map((url) => ({
    url: new URL(url),
    agent: new Agent({ keepAlive: true, maxSockets: connections }),
  }));
  const one = (target) =>
    new Promise((resolve) => {
      const started = performance.now();
      let bytes = 0;
      const req = request(
        { host: target.url.hostname, port: target.url.port, path, method, headers, agent: target.agent },
        (res) => {
          res.on('data', (chunk) => {
            bytes += chunk.length;
          });
          res.on('end', () => resolve({ ms: performance.now() - started, bytes, ok: res.statusCode === expectStatus }));
          res.on('error', () => resolve({ ms: performance.now() - started, bytes, ok: false }));
        },
      );
      req.on('error', () => resolve({ ms: performance.now() - started, bytes, ok: false }));
      req.end();
    });
  const run = async (seconds, record) => {
    const end = performance.now() + seconds * 1000;
    let next = 0;
    const loop = async () => {
      while (performance.now() < end) record(await one(agents[next++ % agents.length]));
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: connections }, loop));
    return (performance.now() - started) / 1000;
  };
  try {
    if (warmup > 0) await run(warmup, () => undefined);
    const latencies = [];
    let bytes = 0;
    let failed = 0;
    const elapsed = await run(duration, (r) => {
      latencies.push(r.ms);
      bytes += r.bytes;
      if (!r.ok) failed += 1;
    });
    latencies.sort((a, b) => a - b);
    const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    return {
      rps: latencies.length / elapsed,
      p50: Number(at(0.5).toFixed(2)),
      p99: Number(at(0.99).toFixed(2)),
      total: latencies.length,
      bytesPerResponse: latencies.length > 0 ? bytes / latencies.length : 0,
      failed,
    };
  } finally {
    for (const { agent } of agents) agent.destroy();
  }
}
