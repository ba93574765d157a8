import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import type { AppConfig } from '../config/app-config.js';

/**
 * Limits on the shape of a query, checked during validation: before any resolver runs, so a refused query
 * costs no SQL. Each refusal is a validation error (HTTP 400, `extensions.code` BAD_USER_INPUT).
 *
 * - depth: fields nested inside each other (root fields are depth 1). Inside introspection `ofType` adds no
 *   depth (a type reference is a short linear chain), so every standard introspection query fits.
 * - aliases / root fields: at most `aliases` aliased fields in the document and at most as many root fields.
 * - size: a walk of more than MAX_VISITS fields (fragments spread many times over) is refused at once; the
 *   cost of what remains is estimated with the variables by QueryCostPlugin (query-cost.plugin.ts).
 * - introspection: at most three list fields nested on one path below `__schema`/`__type` (types → fields →
 *   args), which is what the standard introspection query needs and stops `fields { type { fields ...` loops.
 */
export type QueryLimits = Pick<AppConfig['limits'], 'queryDepth' | 'aliases'>;

/** List fields allowed on one path below __schema / __type. */
export const INTROSPECTION_LIST_NESTING = 3;
/**
 * Tokens the parser reads before giving up. A page of 200 initiatives with every relation is about 250, the
 * standard introspection query about 300; a low bound also caps the quadratic work graphql-js spends on
 * checking that repeated fields can be merged.
 */
export const MAX_TOKENS = 5_000;

export type LimitKind = 'depth' | 'aliases' | 'rootFields' | 'size' | 'introspection';

function limitError(
  kind: LimitKind,
  message: string,
  node: OperationDefinitionNode,
  actual: number,
  max: number,
): GraphQLError {
  return new GraphQLError(message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', limit: kind, actual, max } });
}

interface Walk {
  fragments: Record<string, FragmentDefinitionNode>;
  /** Fragment names on the current path, so a (separately refused) fragment cycle cannot loop forever. */
  onPath: Set<string>;
  /** Fields visited so far: fragments spread many times over could otherwise make the walk itself costly. */
  visits: number;
}

/** Fields the walk visits before it calls the query too costly without looking further. */
export const MAX_VISITS = 50_000;

class TooLarge extends Error {}

/** The fields of a selection set with fragments flattened, each with the type it is selected on. */
function* fieldsOf(
  set: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  walk: Walk,
  context: ValidationContext,
): Generator<[FieldNode, GraphQLNamedType | undefined]> {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (++walk.visits > MAX_VISITS) throw new TooLarge();
      yield [selection, parent];
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : parent;
      yield* fieldsOf(selection.selectionSet, on ?? parent, walk, context);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments[name];
      if (!fragment || walk.onPath.has(name)) continue;
      walk.onPath.add(name);
      const on = context.getSchema().getType(fragment.typeCondition.name.value) ?? parent;
      yield* fieldsOf(fragment.selectionSet, on, walk, context);
      walk.onPath.delete(name);
    }
  }
}

function fieldDefinition(
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  return parent.getFields()[name];
}

interface Measure {
  depth: number;
  aliases: number;
  introspectionLists: number;
  /** The walk stopped at MAX_VISITS fields */
  tooLarge: boolean;
}

/** Walks one selection set: depth, aliases and, inside introspection, the nesting of lists. */
function measure(
  set: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  depth: number,
  introspection: { lists: number } | undefined,
  walk: Walk,
  context: ValidationContext,
  out: Measure,
): void {
  for (const [field, on] of fieldsOf(set, parent, walk, context)) {
    const name = field.name.value;
    if (field.alias) out.aliases += 1;
    const inIntrospection = introspection ?? (name === '__schema' || name === '__type' ? { lists: 0 } : undefined);
    const addsDepth = !(inIntrospection && name === 'ofType');
    const fieldDepth = depth + (addsDepth ? 1 : 0);
    out.depth = Math.max(out.depth, fieldDepth);
    if (!field.selectionSet) continue;

    const definition = name === '__schema' ? undefined : name === '__type' ? undefined : fieldDefinition(on, name);
    const type =
      name === '__schema'
        ? context.getSchema().getType('__Schema')
        : name === '__type'
          ? context.getSchema().getType('__Type')
          : definition
            ? getNamedType(definition.type)
            : undefined;
    const isList = definition ? isListType(getNullableType(definition.type)) : false;

    if (inIntrospection) {
      const lists = inIntrospection.lists + (isList ? 1 : 0);
      out.introspectionLists = Math.max(out.introspectionLists, lists);
      const on = type && isCompositeType(type) ? type : undefined;
      measure(field.selectionSet, on, fieldDepth, { lists }, walk, context, out);
      continue;
    }
    measure(
      field.selectionSet,
      type && isCompositeType(type) ? type : undefined,
      fieldDepth,
      undefined,
      walk,
      context,
      out,
    );
  }
}

/** Measures an operation the way the rules below see it: for tests and for the documentation's figures. */
export function measureOperation(operation: OperationDefinitionNode, context: ValidationContext): Measure {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const schema = context.getSchema();
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const out: Measure = { depth: 0, aliases: 0, introspectionLists: 0, tooLarge: false };
  try {
    measure(
      operation.selectionSet,
      root ?? undefined,
      0,
      undefined,
      { fragments, onPath: new Set(), visits: 0 },
      context,
      out,
    );
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    out.tooLarge = true;
  }
  return out;
}

/** The validation rule that enforces every limit above on each operation of a document. */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      const rootFields = operation.selectionSet.selections.length;
      if (rootFields > limits.aliases) {
        context.reportError(
          limitError(
            'rootFields',
            `The operation has ${rootFields} root fields; at most ${limits.aliases} are allowed`,
            operation,
            rootFields,
            limits.aliases,
          ),
        );
        return;
      }
      const m = measureOperation(operation, context);
      if (m.aliases > limits.aliases) {
        context.reportError(
          limitError(
            'aliases',
            `The operation uses ${m.aliases} aliases; at most ${limits.aliases} are allowed`,
            operation,
            m.aliases,
            limits.aliases,
          ),
        );
      }
      if (m.depth > limits.queryDepth) {
        context.reportError(
          limitError(
            'depth',
            `The query is nested ${m.depth} levels deep; at most ${limits.queryDepth} are allowed`,
            operation,
            m.depth,
            limits.queryDepth,
          ),
        );
      }
      if (m.introspectionLists > INTROSPECTION_LIST_NESTING) {
        context.reportError(
          limitError(
            'introspection',
            `The introspection query nests ${m.introspectionLists} lists; at most ${INTROSPECTION_LIST_NESTING} are ` +
              `allowed`,
            operation,
            m.introspectionLists,
            INTROSPECTION_LIST_NESTING,
          ),
        );
      }
      if (m.tooLarge) {
        context.reportError(
          limitError(
            'size',
            `The query selects more than ${MAX_VISITS} fields (fragments spread over and over); ask for less`,
            operation,
            MAX_VISITS + 1,
            MAX_VISITS,
          ),
        );
      }
    },
  });
}
