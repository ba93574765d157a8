import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { DocumentNode } from 'graphql';
import { compileQuery, type CompiledQuery, isCompiledQuery } from 'graphql-jit';
import type { RequestContext } from '../common/context.js';
import { AppConfig } from '../config/app-config.js';

interface Compilations {
  /** How often the document was asked for before it was compiled */
  seen: number;
  /** Per operation name: its compiled form, or false when graphql-jit cannot compile it */
  operations: Map<string, CompiledQuery | false>;
}

/**
 * Executes queries with graphql-jit (the operation compiled once into a JavaScript function) instead of
 * graphql-js's interpreter: the portal's overview has thousands of fields, where graphql-js spends most
 * of a request on per-field bookkeeping (bench/RESULTS.md). A document is compiled the second time it is
 * asked for (so one-off documents cost nothing), kept as long as Apollo keeps the parsed document. An answer
 * with any error is thrown away and the query executed again by Apollo (reads have no side effects), so
 * errors are formatted, logged and given their status exactly as always.
 */
@Plugin()
export class JitExecutionPlugin implements ApolloServerPlugin<RequestContext> {
  private readonly compiled = new WeakMap<DocumentNode, Compilations>();

  constructor(private readonly config: AppConfig) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    return {
      responseForOperation: async (request: GraphQLRequestContext<RequestContext>) => {
        const { operation, document, schema } = request;
        if (operation?.operation !== 'query' || !document) return null;
        const compiled = this.compiledFor(document, request.operationName ?? '', schema);
        if (!compiled) return null;
        const result = await compiled.query(undefined, request.contextValue, request.request.variables ?? {});
        if (result.errors?.length || !result.data) return null;
        // With the statement header on (tests, the benchmark) the answer says it was compiled.
        const headers = new HeaderMap(this.config.sqlStatementsHeader ? [['x-execution', 'jit']] : []);
        return {
          http: { status: undefined, headers },
          body: { kind: 'single', singleResult: { data: result.data } },
        };
      },
    };
  }

  private compiledFor(
    document: DocumentNode,
    operationName: string,
    schema: GraphQLRequestContext<RequestContext>['schema'],
  ): CompiledQuery | undefined {
    let entry = this.compiled.get(document);
    if (!entry) this.compiled.set(document, (entry = { seen: 0, operations: new Map() }));
    if (entry.seen < 1) {
      entry.seen += 1;
      return undefined;
    }
    let compiled = entry.operations.get(operationName);
    if (compiled === undefined) {
      const made = compileQuery(schema, document, operationName || undefined, { disablingCapturingStackErrors: true });
      compiled = isCompiledQuery(made) ? made : false;
      entry.operations.set(operationName, compiled);
    }
    return compiled || undefined;
  }
}
