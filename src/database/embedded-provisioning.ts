import { unlink } from 'node:fs/promises';
import { Client } from 'pg';
import { LEGACY_SUPERUSER_PASSWORD, scramVerifier, type EmbeddedCredentials } from './embedded-credentials.js';

const INVALID_PASSWORD = '28P01';

export interface ProvisionOptions {
  port: number;
  credentials: EmbeddedCredentials;
  /** Where the credentials live, for the message when they do not fit the cluster */
  credentialsPath: string;
  /** This start made the credentials file (for a cluster that already existed: it was missing) */
  credentialsCreated: boolean;
  log: (message: string) => void;
}

function connect(port: number, user: string, password: string, database: string): Promise<Client> {
  const client = new Client({ host: '127.0.0.1', port, user, password, database, connectionTimeoutMillis: 10_000 });
  return client.connect().then(
    () => client,
    (error: unknown) => {
      // A refused connection leaves the client unusable; make sure its socket is closed too.
      void client.end().catch(() => undefined);
      throw error;
    },
  );
}

const sqlCode = (error: unknown) => (error as { code?: string } | undefined)?.code;

/**
 * Makes the running embedded cluster what the application expects, whatever state an earlier version or
 * an interrupted start left it in: the superuser has the random password of the credentials file; the
 * application's role is a plain login role (not a superuser, no CREATEROLE/CREATEDB/replication, member
 * of no role, so no `pg_execute_server_program` and no `COPY ... TO PROGRAM`); it owns its own database and
 * every object in it. Every step checks first, so it runs on every start and repairs what is missing.
 */
export async function provisionEmbeddedCluster(options: ProvisionOptions): Promise<void> {
  const { credentials } = options;
  // template1, not postgres: while moving an old cluster the postgres database is briefly absent.
  const admin = await connectAsSuperuser(options);
  try {
    await ensureAppRole(admin, credentials.app);
    await ensureAppDatabase(admin, options);
  } finally {
    await admin.end();
  }
  const inAppDatabase = await connect(
    options.port,
    credentials.superuser.user,
    credentials.superuser.password,
    credentials.app.database,
  );
  try {
    const moved = await giveOwnershipToAppRole(inAppDatabase, credentials.app.user);
    if (moved > 0) options.log(`Gave role ${credentials.app.user} ownership of ${moved} objects made by the superuser`);
  } finally {
    await inAppDatabase.end();
  }
}

/**
 * Clusters made before the credentials file existed have the well-known password; so does one whose move
 * was interrupted before the new password was set. Either way it is replaced at once.
 */
async function connectAsSuperuser(options: ProvisionOptions): Promise<Client> {
  const { port, credentials, credentialsPath, credentialsCreated, log } = options;
  const { user, password } = credentials.superuser;
  try {
    return await connect(port, user, password, 'template1');
  } catch (error) {
    if (sqlCode(error) !== INVALID_PASSWORD) throw error;
  }
  let admin: Client;
  try {
    admin = await connect(port, user, LEGACY_SUPERUSER_PASSWORD, 'template1');
  } catch (error) {
    if (sqlCode(error) !== INVALID_PASSWORD) throw error;
    if (credentialsCreated) {
      // The new file fits no cluster; leaving it would make the next start's message wrong.
      await unlink(credentialsPath).catch(() => undefined);
      throw new Error(
        `${credentialsPath} is missing, and the embedded database under it was made with the passwords it held. ` +
          `Put that file back, or remove the data directory's pg/ folder to start with an empty database.`,
        { cause: error },
      );
    }
    throw new Error(
      `The embedded database does not accept the superuser password in ${credentialsPath}: that file belongs to ` +
        `another cluster or was replaced. Put the original file back, or remove the data directory's pg/ folder ` +
        `to start with an empty database.`,
      { cause: error },
    );
  }
  log(
    `The embedded database still had the well-known superuser password of earlier versions; ` +
      `replaced it with the random one in ${credentialsPath}`,
  );
  await admin.query(
    `ALTER ROLE ${admin.escapeIdentifier(user)} PASSWORD ${admin.escapeLiteral(scramVerifier(password))}`,
  );
  return admin;
}

async function ensureAppRole(admin: Client, app: EmbeddedCredentials['app']): Promise<void> {
  const role = admin.escapeIdentifier(app.user);
  const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [app.user]);
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${admin.escapeLiteral(scramVerifier(app.password))}`;
  await admin.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} WITH ${attributes}`);
  const { rows } = await admin.query<{ rolname: string }>(
    `SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
     WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
    [app.user],
  );
  for (const { rolname } of rows) await admin.query(`REVOKE ${admin.escapeIdentifier(rolname)} FROM ${role}`);
}

/**
 * The application's own database. Clusters of earlier versions kept the tables in the `postgres`
 * database: that database is renamed (no copy, so it is quick and all or nothing) and a new empty
 * `postgres` maintenance database is made.
 */
async function ensureAppDatabase(admin: Client, { port, credentials, log }: ProvisionOptions): Promise<void> {
  const { database, user } = credentials.app;
  const names = new Set(
    (await admin.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((row) => row.datname),
  );
  if (!names.has(database)) {
    if (names.has('postgres') && (await holdsTheApplication(port, credentials))) {
      await admin.query(`ALTER DATABASE postgres RENAME TO ${admin.escapeIdentifier(database)}`);
      names.delete('postgres');
      log(`Moved the application's tables from the database postgres to its own database ${database}`);
    } else {
      // template0: template1 cannot be copied while this session is connected to it.
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)} TEMPLATE template0`);
    }
  }
  if (!names.has('postgres')) await admin.query('CREATE DATABASE postgres TEMPLATE template0');
  await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(database)} OWNER TO ${admin.escapeIdentifier(user)}`);
}

async function holdsTheApplication(port: number, { superuser }: EmbeddedCredentials): Promise<boolean> {
  const client = await connect(port, superuser.user, superuser.password, 'postgres');
  try {
    const { rows } = await client.query<{ found: boolean }>(
      `SELECT to_regclass('public.migrations') IS NOT NULL AS found`,
    );
    return rows[0].found;
  } finally {
    await client.end();
  }
}

/**
 * `REASSIGN OWNED BY postgres` is refused for the bootstrap superuser (it owns the system catalogs), so
 * the objects of the application's schemas that the superuser made (an old cluster's tables, views,
 * sequences, functions, enum types and domains, collations) are handed over one by one. Sequences and types that belong to a table
 * follow it; members of an extension keep their owner (a trusted extension's objects belong to the
 * bootstrap superuser even when the application's role installs it).
 */
const FOREIGN_OWNED = `
  WITH app AS (SELECT oid FROM pg_roles WHERE rolname = $1),
  -- An extension's objects stay as the extension made them (uuid-ossp, which TypeORM installs).
  extension_members AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e'),
  schemas AS (SELECT oid, nspname, nspowner FROM pg_namespace
              WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema')
  SELECT format('ALTER SCHEMA %I OWNER TO %I', nspname, $1) AS statement FROM schemas
    WHERE nspowner NOT IN (SELECT oid FROM app UNION ALL SELECT 'pg_database_owner'::regrole)
  UNION ALL
  SELECT format('ALTER %s %s OWNER TO %I',
           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                          ELSE 'TABLE' END, c.oid::regclass, $1)
    FROM pg_class c JOIN schemas s ON s.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> (SELECT oid FROM app)
      AND (c.oid, 'pg_class'::regclass) NOT IN (SELECT objid, classid FROM extension_members)
      -- serial and identity sequences follow their table
      AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                             AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
  UNION ALL
  SELECT format('ALTER %s %s OWNER TO %I', CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
           p.oid::regprocedure, $1)
    FROM pg_proc p JOIN schemas s ON s.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p') AND p.proowner <> (SELECT oid FROM app)
      AND (p.oid, 'pg_proc'::regclass) NOT IN (SELECT objid, classid FROM extension_members)
  UNION ALL
  SELECT format('ALTER %s %s OWNER TO %I', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype, $1)
    FROM pg_type t JOIN schemas s ON s.oid = t.typnamespace
    WHERE t.typtype IN ('e', 'd') AND t.typowner <> (SELECT oid FROM app)
      AND (t.oid, 'pg_type'::regclass) NOT IN (SELECT objid, classid FROM extension_members)
  UNION ALL
  SELECT format('ALTER COLLATION %I.%I OWNER TO %I', s.nspname, c.collname, $1)
    FROM pg_collation c JOIN schemas s ON s.oid = c.collnamespace
    WHERE c.collowner <> (SELECT oid FROM app)
      AND (c.oid, 'pg_collation'::regclass) NOT IN (SELECT objid, classid FROM extension_members)`;

async function giveOwnershipToAppRole(client: Client, appRole: string): Promise<number> {
  const { rows } = await client.query<{ statement: string }>(FOREIGN_OWNED, [appRole]);
  if (rows.length === 0) return 0;
  await client.query('BEGIN');
  try {
    for (const { statement } of rows) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return rows.length;
}
