import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIALS_FILE, LEGACY_SUPERUSER_PASSWORD, loadOrCreateCredentials } from './embedded-credentials.js';

describe('loadOrCreateCredentials', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'credentials-'));

  it('makes random passwords once, in a mode-600 file, and two starts at once agree on them', async () => {
    const dataDir = dir();
    const [a, b] = await Promise.all([loadOrCreateCredentials(dataDir), loadOrCreateCredentials(dataDir)]);
    expect(a.credentials).toEqual(b.credentials);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(statSync(join(dataDir, CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual([CREDENTIALS_FILE]); // no temporary file left
    const { superuser, app } = a.credentials;
    expect(superuser.password).not.toBe(LEGACY_SUPERUSER_PASSWORD);
    expect(superuser.password).not.toBe(app.password);
    expect(superuser.password).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const again = await loadOrCreateCredentials(dataDir);
    expect(again).toEqual({ credentials: a.credentials, created: false });
    expect((await loadOrCreateCredentials(dir())).credentials.app.password).not.toBe(app.password);
  });

  it('refuses a file that is not its own, naming it', async () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, CREDENTIALS_FILE), '{"something": "else"}');
    await expect(loadOrCreateCredentials(dataDir)).rejects.toThrow(CREDENTIALS_FILE);
  });
});
