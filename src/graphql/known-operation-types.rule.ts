import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose type the schema does not have (there are no subscriptions here) while the
 * query is validated: graphql-js 16 only finds out when executing, and Apollo then answers 200 with
 * INTERNAL_SERVER_ERROR for what is the client's mistake. graphql-js 17 has the same rule built in.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(
        new GraphQLError(`This API has no ${node.operation} operations; send a query or a mutation`, { nodes: [node] }),
      );
    }
  },
});
