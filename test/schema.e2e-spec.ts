import { readFileSync, writeFileSync } from 'node:fs';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildASTSchema, buildSchema, concatAST, lexicographicSortSchema, parse, printSchema } from 'graphql';
import { createTestApp, TestApp } from './support/test-app.js';

const SCHEMA_FILE = 'schema.graphql';
const CONTRACT_FILE = '../shared/api/contract.graphql';
/** Next APIs built here: their `extend` additions to the contract must hold in the schema too. */
const NEXT_FILES = ['../shared/api/next/rounds.graphql'];

/**
 * The code-first schema is committed as schema.graphql. `npm run schema` rewrites it; this test fails while
 * the committed file is stale, and when the schema breaks the contract.
 */
describe('schema.graphql', () => {
  let t: TestApp;
  let emitted: string;
  beforeAll(async () => {
    t = await createTestApp();
    emitted = `${printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema))}\n`;
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, emitted);
  });
  afterAll(() => t.close());

  it('is up to date with the code (run `npm run schema` to refresh it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(emitted);
  });

  it('keeps everything in the contract: no breaking change', async () => {
    let contract: string;
    try {
      contract = readFileSync(CONTRACT_FILE, 'utf8');
    } catch {
      console.warn(`${CONTRACT_FILE} is not beside this checkout; contract check skipped`);
      return;
    }
    const changes = await diff(buildSchema(contract), buildSchema(emitted));
    const breaking = changes
      .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
      .map((change) => change.message);
    expect(breaking).toEqual([]);
  });

  it.each(NEXT_FILES)('keeps %s, merged with the contract: no breaking change', async (file) => {
    let documents: string[];
    try {
      documents = [readFileSync(CONTRACT_FILE, 'utf8'), readFileSync(file, 'utf8')];
    } catch {
      console.warn(`${CONTRACT_FILE} or ${file} is not beside this checkout; check skipped`);
      return;
    }
    const merged = buildASTSchema(concatAST(documents.map((text) => parse(text))));
    const changes = await diff(merged, buildSchema(emitted));
    const breaking = changes
      .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
      .map((change) => change.message);
    expect(breaking).toEqual([]);
  });
});
