import type { GraphQLResolveInfo } from 'graphql';
import { type FieldsByTypeName, parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

const fieldsOf = (byType: FieldsByTypeName): ResolveTree[] => Object.values(byType).flatMap((f) => Object.values(f));

/**
 * The names of the fields the query selects at `path` below the current field (through aliases, fragments
 * and @skip/@include, by graphql-parse-resolve-info), e.g. ['goals', 'initiatives', 'initiative'] →
 * {'id', 'code', ...}. The overview uses it to leave out long text columns nobody asked for.
 */
export function requestedFields(info: GraphQLResolveInfo, path: string[]): Set<string> {
  const root = parseResolveInfo(info) as ResolveTree | null | undefined;
  let level = root ? [root] : [];
  for (const name of path) {
    level = level.flatMap((tree) => fieldsOf(tree.fieldsByTypeName).filter((field) => field.name === name));
  }
  return new Set(level.flatMap((tree) => fieldsOf(tree.fieldsByTypeName).map((field) => field.name)));
}
