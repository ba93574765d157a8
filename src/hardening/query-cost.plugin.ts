import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import {
  type DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  type GraphQLSchema,
  isCompositeType,
  isListType,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/pagination/index.js';
import { AppConfig } from '../config/app-config.js';
import { LIST_SIZE, type ListSizeKey } from './list-size.js';
import { MAX_VISITS } from './query-limits.js';
import { type PlanFigures, PlanStats } from './plan-stats.js';

export interface QueryCost {
  /** Objects the answer can hold */
  objects: number;
  /** SQL statements it can run: every object field and list resolves through a statement, a connection through three */
  statements: number;
}

/**
 * The estimator: a field that returns objects adds as many as it can hold, times what each holds below it
 * (`size × (1 + children)`); a leaf adds nothing. The size is the page size for a connection (`first`,
 * known here with the variables; 50 when left out), 1 inside a connection (edges), the plan's own largest
 * count for a list (ListSize), else 1. Introspection is bounded by its own rule (query-limits.ts).
 */
export function costEstimator(figures: PlanFigures, out: QueryCost): ComplexityEstimator {
  return ({ field, args, childComplexity, type }) => {
    const named = getNamedType(field.type);
    if (field.name.startsWith('__') || !isCompositeType(named)) return 0;
    const paged = field.args.some((arg) => arg.name === 'first');
    out.statements += paged ? 3 : 1;
    let size = 1;
    if (paged) {
      const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
      size = Math.min(Math.max(first, 0), MAX_PAGE_SIZE);
    } else if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection')) {
      const declared = field.extensions?.[LIST_SIZE] as ListSizeKey | number | undefined;
      size = Math.max(1, typeof declared === 'number' ? declared : declared ? figures[declared] : 1);
    }
    return size * (1 + childComplexity);
  };
}

/**
 * Refuses an operation whose answer could hold more than LIMIT_QUERY_COST objects or run more than
 * LIMIT_QUERY_STATEMENTS SQL statements, before it runs (graphql-query-complexity walks the operation
 * with its variables; the walk is bounded by the validation rule in query-limits.ts, which runs first).
 */
@Plugin()
export class QueryCostPlugin implements ApolloServerPlugin {
  constructor(
    private readonly stats: PlanStats,
    private readonly config: AppConfig,
  ) {}

  /**
   * Estimates already made, per document and variables, while the plan's figures are the same: a client
   * that sends one document over and over (a portal polling, or one refused request looped) is refused or
   * let through without the walk each time.
   */
  private readonly estimates = new WeakMap<DocumentNode, { figures: PlanFigures; byRequest: Map<string, QueryCost> }>();

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const { queryCost, queryStatements } = this.config.limits;
    const report = this.config.sqlStatementsHeader;
    let measured: QueryCost | undefined;
    return {
      // With the statement header on (tests, the benchmark), the estimate is sent too: x-query-cost.
      willSendResponse: async ({ response }) => {
        if (report && measured) {
          response.http.headers.set(
            'x-query-cost',
            `${Math.ceil(measured.objects)} objects, ${measured.statements} statements`,
          );
        }
      },
      didResolveOperation: async ({ request, document, schema, operation }) => {
        // No operation to run (a name that is not in the document): Apollo refuses it itself.
        if (!operation) return;
        const cost = this.estimate(
          schema,
          document,
          request.operationName ?? undefined,
          request.variables ?? {},
          await this.stats.current(),
        );
        measured = cost;
        if (cost.objects > queryCost) {
          throw refusal(
            `The query could return about ${Math.ceil(cost.objects)} objects; at most ${queryCost} are allowed (ask ` +
              `for smaller pages with first, or fewer nested lists)`,
            'cost',
            cost.objects,
            queryCost,
          );
        }
        if (cost.statements > queryStatements) {
          throw refusal(
            `The query could run ${cost.statements} SQL statements; at most ${queryStatements} are allowed (ask for ` +
              `fewer lists or aliases)`,
            'statements',
            cost.statements,
            queryStatements,
          );
        }
      },
    };
  }

  private estimate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
    figures: PlanFigures,
  ): QueryCost {
    let known = this.estimates.get(document);
    if (!known || known.figures !== figures) this.estimates.set(document, (known = { figures, byRequest: new Map() }));
    const key = `${operationName ?? ''}\n${JSON.stringify(variables)}`;
    const remembered = key.length <= 2000 ? known.byRequest.get(key) : undefined;
    if (remembered) return remembered;
    const cost: QueryCost = { objects: 0, statements: 0 };
    try {
      cost.objects = getComplexity({
        schema,
        operationName,
        query: document,
        variables,
        estimators: [costEstimator(figures, cost)],
        maxQueryNodes: MAX_VISITS,
      });
    } catch (error) {
      refusalOf(error);
    }
    if (key.length <= 2000) {
      // A handful of variable sets per document is what clients send; more are estimated each time.
      if (known.byRequest.size >= 32) known.byRequest.clear();
      known.byRequest.set(key, cost);
    }
    return cost;
  }
}

function refusalOf(error: unknown): never {
  // Variables that do not fit their types: execution would refuse them with the same message. A client's
  // mistake, not a limit (no `limit`, so the refusal brake leaves the address alone).
  if (error instanceof GraphQLError) {
    throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  throw error;
}

function refusal(message: string, limit: string, actual: number, max: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', limit, actual: Math.ceil(actual), max, http: { status: 400 } },
  });
}
