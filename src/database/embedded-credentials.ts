import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The roles of the embedded cluster: the superuser provisions, the application connects as `app`. */
export interface EmbeddedCredentials {
  superuser: { user: string; password: string };
  app: { user: string; password: string; database: string };
}

export const CREDENTIALS_FILE = 'embedded-db-credentials.json';
export const SUPERUSER = 'postgres';
export const APP_ROLE = 'handlingsplan';
export const APP_DATABASE = 'handlingsplan';
/**
 * The superuser password that clusters made before the credentials file existed were initialised with; it
 * is only ever tried to move such a cluster to a random one (see EmbeddedDatabase).
 */
export const LEGACY_SUPERUSER_PASSWORD = 'handlingsplan-local';

function randomPassword(): string {
  return randomBytes(32).toString('base64url');
}

function parse(text: string, path: string): EmbeddedCredentials {
  const value = JSON.parse(text) as EmbeddedCredentials;
  if (!value?.superuser?.password || !value?.app?.password || !value.app.user || !value.app.database) {
    throw new Error(`${path} is not a credentials file of the embedded database; move it away to make a new one`);
  }
  return value;
}

/**
 * Reads the passwords of the embedded cluster from `<dataDir>/embedded-db-credentials.json`, or makes random
 * ones on first start. Only this Node process reads the file (mode 600; PostgreSQL never needs it). It is
 * written whole to a temporary name and then linked into place, so a crash never leaves half a file and
 * two starts at once agree on one set.
 */
export async function loadOrCreateCredentials(
  dataDir: string,
): Promise<{ credentials: EmbeddedCredentials; created: boolean }> {
  const path = join(dataDir, CREDENTIALS_FILE);
  try {
    return { credentials: parse(await readFile(path, 'utf8'), path), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const credentials: EmbeddedCredentials = {
    superuser: { user: SUPERUSER, password: randomPassword() },
    app: { user: APP_ROLE, password: randomPassword(), database: APP_DATABASE },
  };
  await mkdir(dataDir, { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  let created = true;
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  await chmod(path, 0o600);
  return { credentials: parse(await readFile(path, 'utf8'), path), created };
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802, PostgreSQL's text form). Sending
 * the verifier instead of the password keeps the password itself out of the server's statement log. The
 * passwords are ASCII (base64url), so SASLprep has nothing to change.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
