#!/usr/bin/env node
// Fails when a package in package-lock.json declares an `engines.node` that does not cover every Node version
// this project promises (package.json "engines"), so that no supported Node gets an EBADENGINE warning, or a
// dependency that was never meant to run on it. Every locked package counts, optional ones for other
// platforms and dev dependencies included.
//
//   node scripts/check-engines.mjs [package-lock.json]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const semver = require('semver');

const lockFile = resolve(process.argv[2] ?? 'package-lock.json');
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`Cannot read ${file}: ${error.message}`);
    process.exit(2);
  }
};
const lock = readJson(lockFile);
const promised = readJson(join(dirname(lockFile), 'package.json')).engines?.node;
if (!promised || !semver.validRange(promised)) {
  console.error(`package.json beside ${lockFile} has no valid "engines.node"`);
  process.exit(2);
}
// The lowest version of each promised range, named in the message so that an offender is easy to read.
const floors = semver
  .validRange(promised)
  .split('||')
  .map((range) => semver.minVersion(range.trim())?.version)
  .filter(Boolean);

const offenders = [];
let checked = 0;
for (const [path, info] of Object.entries(lock.packages ?? {})) {
  if (!path) continue; // the project itself
  const range = info.engines?.node;
  if (typeof range !== 'string') continue;
  checked++;
  const covered = semver.validRange(range) !== null && semver.subset(promised, range, { includePrerelease: false });
  if (covered) continue;
  const failing = floors.filter((version) => !semver.satisfies(version, range));
  const name = info.name ?? path.replace(/^.*node_modules\//, '');
  const kind = [info.dev && 'dev', info.optional && 'optional'].filter(Boolean).join(', ');
  offenders.push(
    `${name}@${info.version}${kind ? ` (${kind})` : ''}: node ${range}` +
      (failing.length ? `, not ${failing.join(', ')}` : ', not every promised version') +
      ` [${path}]`,
  );
}

if (offenders.length) {
  console.error(`${offenders.length} locked packages do not support every Node version of "${promised}":`);
  for (const line of offenders) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`engines: all ${checked} locked packages that name a Node version support "${promised}"`);
