import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const server = globalThis.__TEST_PG__;
  if (server) await server.stop();
  if (process.env.TEST_TMP_DIR) rmSync(process.env.TEST_TMP_DIR, { recursive: true, force: true });
}
