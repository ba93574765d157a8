import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { jsonSize } from '../common/json-size.js';
import type { RequestContext } from '../common/context.js';
import { AppConfig } from '../config/app-config.js';
import { RefusalBrake } from './refusal-brake.js';

/**
 * The second line behind the query cost: an answer larger than LIMIT_RESPONSE_BYTES (long texts the cost
 * does not weigh) is replaced by a clear error before it is serialised, never a 500 or a string too long
 * for the process.
 */
@Plugin()
export class AnswerSizePlugin implements ApolloServerPlugin<RequestContext> {
  constructor(
    private readonly config: AppConfig,
    private readonly brake: RefusalBrake,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    const limit = this.config.limits.responseBytes;
    const { brake } = this;
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        if (jsonSize(result, limit) <= limit) return;
        if (contextValue.req) brake.refused(contextValue.req);
        response.http.status = 400;
        response.body.singleResult = {
          errors: [
            {
              message: `The answer is larger than ${limit} bytes; ask for fewer fields, smaller pages or fewer aliases`,
              extensions: { code: 'BAD_USER_INPUT', limit: 'responseBytes', max: limit },
            },
          ],
        };
      },
    };
  }
}
