import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { AppConfig } from '../config/app-config.js';
import { requestTally } from '../database/sql-counter.js';

/**
 * Reports the number of SQL statements a request ran, for tests and the benchmark; only when configured
 * (SQL_STATEMENTS_HEADER), since it tells anyone how much work a query makes.
 */
@Plugin()
export class SqlTallyPlugin implements ApolloServerPlugin {
  constructor(private readonly config: AppConfig) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object> | void> {
    if (!this.config.sqlStatementsHeader) return;
    return {
      async willSendResponse({ response }) {
        const tally = requestTally.getStore();
        if (tally) response.http.headers.set('x-sql-statements', String(tally.sql));
      },
    };
  }
}
