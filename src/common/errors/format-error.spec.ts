import { QueryFailedError } from 'typeorm';
import { formatGraphQLError } from './format-error.js';

/** A database failure as TypeORM throws it, with the PostgreSQL error code and constraint. */
function databaseError(code: string, constraint?: string): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error('database error'), { code, constraint }));
}

const format = (error: unknown) => formatGraphQLError({ message: 'raw', path: ['q'] }, error, { production: true });

describe('formatGraphQLError maps database failures caused by input', () => {
  it('answers a NUL character in a text parameter (22021) with BAD_USER_INPUT, not a server error', () => {
    expect(format(databaseError('22021')).extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('maps a taken unique key to CONFLICT naming its field, and hides anything unknown', () => {
    expect(format(databaseError('23505', 'uq_strategy_slug')).extensions).toMatchObject({
      code: 'CONFLICT',
      fieldErrors: [{ field: 'input.slug' }],
    });
    expect(format(databaseError('XX000'))).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
