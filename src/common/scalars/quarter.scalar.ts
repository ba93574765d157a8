import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isQuarter } from '../quarter.js';

function parse(value: unknown): string {
  if (typeof value !== 'string' || !isQuarter(value)) {
    throw new GraphQLError(`Quarter must be written YYYY-Qn, e.g. 2024-Q3; got ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  return value;
}

export const QuarterScalar = new GraphQLScalarType<string, string>({
  name: 'Quarter',
  description: 'A reporting quarter written YYYY-Qn, e.g. 2024-Q3. Anything else is BAD_USER_INPUT.',
  serialize: (value) => String(value),
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Quarter must be a string written YYYY-Qn');
    return parse(ast.value);
  },
});
