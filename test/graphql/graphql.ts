import type { ResultOf, TypedDocumentNode, VariablesOf } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { documents } from './generated.js';

/** A source that `npm run codegen` has typed (test/graphql/generated.ts). */
export type TypedSource = keyof typeof documents;

/**
 * The typed document of an operation written in a test: `graphql(\`query StrategyTitles { strategies { title } }\`)`.
 * `npm run codegen` reads these calls (a literal, no `${...}`; each operation and fragment named) and generates the
 * result and variables types, so `t.ok(graphql(...), variables)` is checked against schema.graphql.
 */
export function graphql<Source extends TypedSource>(source: Source): (typeof documents)[Source] {
  const document: (typeof documents)[Source] | undefined = Object.hasOwn(documents, source)
    ? documents[source]
    : undefined;
  if (!document)
    throw new Error(`This operation is not in test/graphql/generated.ts; run \`npm run codegen\`:\n${source}`);
  return document;
}

/**
 * What the test helpers send: a typed document, or a plain string for the tests that send malformed, hostile or
 * generated queries on purpose (and for variables outside an operation's types).
 */
export type Operation = TypedDocumentNode<any, any> | string;
/** The data of an operation's answer: typed for a document, unknown for a string. */
export type DataOf<O extends Operation> = O extends TypedDocumentNode<any, any> ? ResultOf<O> : unknown;
/** The variables of an operation: typed for a document, anything for a string. */
export type VariablesOfOperation<O extends Operation> =
  O extends TypedDocumentNode<any, any> ? VariablesOf<O> : Record<string, unknown>;

const printed = new WeakMap<TypedDocumentNode<any, any>, string>();
/** The text sent for an operation (a document printed once; the same text every time, so caches key it alike). */
export function querySource(operation: Operation): string {
  if (typeof operation === 'string') return operation;
  let text = printed.get(operation);
  if (text === undefined) printed.set(operation, (text = print(operation)));
  return text;
}
