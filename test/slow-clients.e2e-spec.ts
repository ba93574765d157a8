import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { createTestApp, createTestDatabase, TestApp } from './support/test-app.js';

/** A raw connection to the server that records what it receives and when it closes. */
interface Connection {
  socket: Socket;
  received: () => string;
  /** Milliseconds from the start of the connection to its close */
  closed: Promise<number>;
}

function open(url: string): Promise<Connection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    const socket = connect({ host: hostname, port: Number(port) });
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.on('data', (chunk) => (received += chunk));
    // A reset is one way of being closed; the close event follows.
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
    socket.once('error', reject);
  });
}

/** Resolves with the close time, or with null when the connection is still open after `ms`. */
function closedWithin(connection: Connection, ms: number): Promise<number | null> {
  return Promise.race([connection.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
}

/** Sends `text` one character every `everyMs` until the connection closes. */
function trickle(connection: Connection, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (connection.socket.destroyed || i >= text.length) return clearInterval(timer);
    connection.socket.write(text[i++]);
  }, everyMs);
  void connection.closed.then(() => clearInterval(timer));
}

/** One request on an open connection; resolves with the status line once the whole answer has come. */
function request(connection: Connection, path: string): Promise<string> {
  const before = connection.received().length;
  connection.socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  return new Promise((resolve, reject) => {
    const check = setInterval(() => {
      const answer = connection.received().slice(before);
      if (/\r\n\r\n[\s\S]*\}$/.test(answer)) {
        clearInterval(check);
        resolve(answer.split('\r\n')[0]);
      }
    }, 10);
    void connection.closed.then(() => {
      clearInterval(check);
      reject(new Error(`closed before answering: ${JSON.stringify(connection.received().slice(before))}`));
    });
  });
}

const SLOW_BODY =
  'POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n';
const LIMITS = { HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_HEADERS_TIMEOUT_MS: '1000' };

/** The request and header timeouts, seen from a client that sends one byte at a time. */
function timeoutTests(target: () => string) {
  it('answers 408 and closes a connection whose body comes a byte a second, once the request timeout passes', async () => {
    const connection = await open(target());
    connection.socket.write(SLOW_BODY);
    trickle(connection, '{"query":"{ strategies { slug } }"}'.padEnd(60, ' '), 1000);
    const closedAfter = await closedWithin(connection, 8000);
    connection.socket.destroy();
    // 2 s of timeout, checked every second (Node's default check runs every 30 s, its default timeout is 300 s).
    expect(closedAfter).not.toBeNull();
    expect(closedAfter!).toBeGreaterThanOrEqual(1900);
    expect(closedAfter!).toBeLessThan(4500);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose headers come a byte at a time, once the headers timeout passes', async () => {
    const connection = await open(target());
    trickle(connection, 'GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: ' + 'a'.repeat(200), 200);
    const closedAfter = await closedWithin(connection, 8000);
    connection.socket.destroy();
    expect(closedAfter).not.toBeNull();
    expect(closedAfter!).toBeLessThan(3500);
    expect(connection.received()).not.toMatch(/^HTTP\/1\.1 200/);
  });

  it('still serves a request sent in time', async () => {
    const connection = await open(target());
    try {
      expect(await request(connection, '/health/live')).toBe('HTTP/1.1 200 OK');
    } finally {
      connection.socket.destroy();
    }
  });
}

describe('slow clients', () => {
  describe('the application as the tests build it', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: LIMITS });
    });
    afterAll(() => t.close());
    timeoutTests(() => t.url);
  });

  describe('the compiled server (main.ts)', () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServerProcess({
        NODE_ENV: 'development',
        DATABASE_URL: await createTestDatabase(),
        DATA_DIR: mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'slow-')),
        MIGRATIONS_RUN: 'false',
        DEMO_DATA: 'false',
        LOG_LEVEL: 'silent',
        ...LIMITS,
      });
    });
    afterAll(() => server.stop());
    timeoutTests(() => server.url);
  });

  describe('the cap on open connections', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { HTTP_MAX_CONNECTIONS: '3', HTTP_KEEP_ALIVE_TIMEOUT_MS: '20000' } });
    });
    afterAll(() => t.close());

    it('refuses a fourth connection while three are open, and takes one again when one closes', async () => {
      const three = await Promise.all([open(t.url), open(t.url), open(t.url)]);
      try {
        // Each of the three is served, so the server holds all three (kept alive, idle).
        for (const connection of three) expect(await request(connection, '/health/live')).toBe('HTTP/1.1 200 OK');

        const fourth = await open(t.url).catch(() => null);
        if (fourth) {
          fourth.socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
          expect(await closedWithin(fourth, 2000)).not.toBeNull();
          expect(fourth.received()).toBe('');
        }
        // The three are untouched.
        expect(await request(three[0], '/health/live')).toBe('HTTP/1.1 200 OK');

        three.pop()!.socket.destroy();
        await new Promise((resolve) => setTimeout(resolve, 200));
        const again = await open(t.url);
        try {
          expect(await request(again, '/health/live')).toBe('HTTP/1.1 200 OK');
        } finally {
          again.socket.destroy();
        }
      } finally {
        for (const connection of three) connection.socket.destroy();
      }
    });
  });
});
