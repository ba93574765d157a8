import { documents } from './generated.js';

/** A source that `npm run codegen` has typed (test/graphql/generated.ts). */
export type TypedSource = keyof typeof documents;

/**
 * The typed document of an operation written in a test: `graphql(\`query StrategyTitles { strategies { title } }\`)`.
 * `npm run codegen` reads these calls (a literal, no `${...}`; each operation and fragment named) and generates the
 * result and variables types, so `t.ok(graphql(...), variables)` is checked against schema.graphql.
 */
export function graphql<Source extends TypedSource>(source: Source): (typeof documents)[Source] {
  const document: (typeof documents)[Source] | undefined = Object.hasOwn(documents, source) ? documents[source] : undefined;
  if (!document) throw new Error(`This operation is not in test/graphql/generated.ts; run \`npm run codegen\`:\n${source}`);
  return document;
}
