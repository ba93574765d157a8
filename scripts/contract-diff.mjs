#!/usr/bin/env node
// Compares the API contract with the emitted schema: prints every change with its criticality and exits 1 when
// one of them breaks the contract (what graphql-inspector's CLI did, without its Node >=22 dependencies).
// Several contract files are read as one document, so additions written as `extend type` / `extend input`
// (../shared/api/next/*.graphql) apply to the types of the contract they extend.
//
//   node scripts/contract-diff.mjs [--schema schema.graphql] <contract.graphql> [more contract files ...]
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildASTSchema, concatAST, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

function fail(message) {
  console.error(message);
  process.exit(2);
}

function load(files) {
  const documents = files.map((file) => {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      fail(`Cannot read ${file}: ${error.message}`);
    }
    try {
      return parse(text, { noLocation: false });
    } catch (error) {
      fail(`${file}: ${error.message}`);
    }
  });
  try {
    return buildASTSchema(concatAST(documents));
  } catch (error) {
    fail(`${files.join(' + ')}: ${error.message}`);
  }
}

let args;
try {
  args = parseArgs({ allowPositionals: true, options: { schema: { type: 'string', default: 'schema.graphql' } } });
} catch (error) {
  fail(error.message);
}
const contractFiles = args.positionals;
if (contractFiles.length === 0) {
  fail('usage: node scripts/contract-diff.mjs [--schema schema.graphql] <contract.graphql> [more contract files ...]');
}

const changes = await diff(load(contractFiles), load([args.values.schema]));
const labels = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'non-breaking',
};
const order = [CriticalityLevel.Breaking, CriticalityLevel.Dangerous, CriticalityLevel.NonBreaking];
const counts = Object.fromEntries(order.map((level) => [level, 0]));

console.log(`contract: ${contractFiles.join(' + ')}  ->  schema: ${args.values.schema}`);
for (const level of order) {
  for (const change of changes.filter((c) => c.criticality.level === level)) {
    counts[level]++;
    console.log(`  ${labels[level].padEnd(12)}  ${change.message}`);
  }
}
const summary = order.map((level) => `${counts[level]} ${labels[level]}`).join(', ');
if (counts[CriticalityLevel.Breaking] > 0) {
  console.log(`${changes.length} changes: ${summary}. The schema breaks the contract.`);
  process.exit(1);
}
console.log(`${changes.length} changes: ${summary}. No breaking change.`);
