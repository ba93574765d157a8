import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/**
 * The names of the fields the query selects at `path` below the current field (through aliases, inline
 * fragments and named fragments), e.g. ['goals', 'initiatives', 'initiative'] → {'id', 'code', ...}.
 * The overview uses it to leave out long text columns nobody asked for.
 */
export function requestedFields(info: GraphQLResolveInfo, path: string[]): Set<string> {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = sets.flatMap((set) =>
      fieldsIn(set, info)
        .filter((field) => field.name === name && field.selectionSet)
        .map((field) => field.selectionSet!),
    );
  }
  return new Set(sets.flatMap((set) => fieldsIn(set, info).map((field) => field.name)));
}

function fieldsIn(
  set: SelectionSetNode,
  info: GraphQLResolveInfo,
  seen = new Set<string>(),
): { name: string; selectionSet?: SelectionSetNode }[] {
  const out: { name: string; selectionSet?: SelectionSetNode }[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      out.push({ name: selection.name.value, selectionSet: selection.selectionSet });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      out.push(...fieldsIn(selection.selectionSet, info, seen));
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = info.fragments[selection.name.value];
      if (fragment) out.push(...fieldsIn(fragment.selectionSet, info, seen));
    }
  }
  return out;
}
