import { loadOrCreateDevKey, signDevToken } from '../src/auth/dev-key.js';
import { Role } from '../src/auth/viewer.js';
import { configOrExit, parseArgs } from './cli.js';

/**
 * Prints a bearer token that the development server accepts:
 *   npm run token -- --role owner --org 974760673 [--sub alice] [--name "Alice Owner"] [--email a@b.no] [--expires 12h]
 * Roles: admin, reviewer, owner (repeat --role or separate by commas).
 */
async function main(): Promise<void> {
  const config = configOrExit();
  if (config.auth.jwksUri) {
    process.stderr.write(
      'AUTH_JWKS_URI is set: tokens come from your OpenID Connect provider, not from this script.\n',
    );
    process.exit(1);
  }
  const args = parseArgs(process.argv.slice(2));
  const roles = (args.get('role') ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().toUpperCase())
    .filter(Boolean);
  const unknown = roles.filter((role) => !(role in Role));
  if (roles.length === 0 || unknown.length > 0) {
    process.stderr.write(
      `Give at least one --role of admin, reviewer, owner${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}\n`,
    );
    process.exit(1);
  }
  const org = args.get('org')?.[0];
  if (roles.includes(Role.OWNER) && !org) {
    process.stderr.write('An owner needs --org <organisation number>, e.g. --org 974760673\n');
    process.exit(1);
  }
  const jwk = await loadOrCreateDevKey(config.dataDir);
  const token = await signDevToken(jwk, {
    subject: args.get('sub')?.[0] ?? `dev-${roles.join('-').toLowerCase()}${org ? `-${org}` : ''}`,
    roles: roles as Role[],
    org,
    name: args.get('name')?.[0],
    email: args.get('email')?.[0],
    expiresIn: args.get('expires')?.[0],
    rolesClaim: config.auth.rolesClaim,
    orgClaim: config.auth.orgClaim,
  });
  process.stdout.write(`${token}\n`);
}

void main();
