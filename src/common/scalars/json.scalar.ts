import { GraphQLScalarType } from 'graphql';
import { JSONResolver } from 'graphql-scalars';

/** graphql-scalars' JSON scalar under the contract's description. */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  description: 'Arbitrary JSON',
});
