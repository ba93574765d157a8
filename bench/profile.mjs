#!/usr/bin/env node
// Summarises a V8 CPU profile (node --cpu-prof; `npm run bench -- --cpu-prof DIR`): where the server's time
// goes, by package (self time of each function, summed by the package or source folder it is in) and the
// functions with the most self time.
//
//   node bench/profile.mjs DIR/CPU.....cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const interval = (profile.endTime - profile.startTime) / profile.samples.length / 1000; // ms per sample
for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + interval);

/** The package (node_modules/<name>), our source folder (src/<folder>), or a kind of native work. */
function areaOf(frame) {
  const url = frame.url ?? '';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/dist\/src\/([^/]+)/.exec(url);
  if (ours) return `src/${ours[1]}`;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  return frame.functionName ? `(${frame.functionName})` : '(native)';
}

const areas = new Map();
const functions = new Map();
let total = 0;
for (const [id, ms] of self) {
  const frame = byId.get(id).callFrame;
  total += ms;
  const area = areaOf(frame);
  areas.set(area, (areas.get(area) ?? 0) + ms);
  const name = `${frame.functionName || '(anonymous)'} ${area}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  functions.set(name, (functions.get(name) ?? 0) + ms);
}
const top = Number(values.top);
const line = ([name, ms]) =>
  `${((100 * ms) / total).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms  ${name}`;
console.log(`${total.toFixed(0)} ms sampled\n\nby area (self time):`);
for (const entry of [...areas].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(entry));
console.log('\nfunctions with the most self time:');
for (const entry of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(entry));
