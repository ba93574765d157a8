import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { RequestContext } from '../common/context.js';
import { requestTally } from '../database/sql-counter.js';
import { operationNameInDocument, outcomeLabel } from './labels.js';
import { Metrics } from './metrics.js';

/**
 * Tells Metrics what GraphQL knows of each operation it answers: the operation name as sent (else the
 * document's), the outcome (ok, or the first error code as formatted for the caller) and the statements
 * the request has run. Metrics counts and times the request once its answer is sent.
 */
@Plugin()
export class MetricsPlugin implements ApolloServerPlugin<RequestContext> {
  constructor(private readonly metrics: Metrics) {}

  async requestDidStart({
    contextValue,
  }: GraphQLRequestContext<RequestContext>): Promise<GraphQLRequestListener<RequestContext> | void> {
    const { metrics } = this;
    const res = contextValue.res;
    if (!metrics.enabled || !res) return;
    return {
      async willSendResponse({ request, operation, response }) {
        const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
        metrics.recordOperation(
          res,
          {
            operation: request.operationName ?? operation?.name?.value ?? operationNameInDocument(request.query),
            outcome: outcomeLabel(result?.errors?.[0]?.extensions?.code),
          },
          requestTally.getStore()?.sql,
        );
      },
    };
  }
}
