import { Client } from 'pg';

/** A PostgreSQL login role and its password. */
export interface RoleLogin {
  name: string;
  password: string;
}

/**
 * The two roles of an installation: the owner of the schema (migrations run as it) and the role
 * the application connects as, which owns nothing, holds only SELECT, INSERT, UPDATE and DELETE,
 * and therefore can neither TRUNCATE, ALTER or DROP a table nor drop or disable its triggers.
 */
export interface DatabaseRoles {
  owner: RoleLogin;
  app: RoleLogin;
}

export const OWNER_ROLE = 'te_owner';
export const APP_ROLE = 'te_app';
const SETUP_LOCK = 'te_reporting:roles';

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const databaseUrl = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/** `url` with the user and password of `role`. */
export function urlAs(url: string, role: RoleLogin): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role.name);
  u.password = encodeURIComponent(role.password);
  return u.toString();
}

/**
 * Run as a superuser (the embedded server's `postgres`): creates both roles (or resets their
 * passwords and attributes), creates `database` owned by the owner role (or hands an existing one
 * over, with every table, sequence and function the superuser created in it), and gives the
 * application role DML on every table now and, through default privileges, on every table the
 * owner creates later. Serialised by an advisory lock: processes may start together.
 */
export async function prepareDatabaseRoles(
  superuserUrl: string,
  database: string,
  roles: DatabaseRoles,
): Promise<void> {
  await withClient(databaseUrl(superuserUrl, 'postgres'), async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [SETUP_LOCK]);
    try {
      for (const role of [roles.owner, roles.app]) {
        const name = c.escapeIdentifier(role.name);
        const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
        if (exists.rowCount === 0) await c.query(`CREATE ROLE ${name}`);
        await c.query(
          `ALTER ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${c.escapeLiteral(role.password)}`,
        );
      }
      const db = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      const owner = c.escapeIdentifier(roles.owner.name);
      if (db.rowCount === 0) {
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(database)} OWNER ${owner}`);
      } else {
        await c.query(`ALTER DATABASE ${c.escapeIdentifier(database)} OWNER TO ${owner}`);
      }
      await withClient(databaseUrl(superuserUrl, database), (d) => grantInDatabase(d, roles));
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [SETUP_LOCK]);
    }
  });
}

/** Inside one database: the owner owns the schema's objects; the app role may only read and write rows. */
async function grantInDatabase(c: Client, roles: DatabaseRoles): Promise<void> {
  const owner = c.escapeIdentifier(roles.owner.name);
  const app = c.escapeIdentifier(roles.app.name);
  // What an earlier start created as the superuser (before the roles existed) goes to the owner.
  await c.query(`DO $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT c.oid::regclass AS rel, c.relkind FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
                  AND c.relowner <> ${c.escapeLiteral(roles.owner.name)}::regrole LOOP
        EXECUTE format('ALTER %s %s OWNER TO ${owner}',
          CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.rel);
      END LOOP;
      FOR r IN SELECT c.oid::regclass AS rel FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'S'
                  AND c.relowner <> ${c.escapeLiteral(roles.owner.name)}::regrole
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO ${owner}', r.rel);
      END LOOP;
      FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p
                 JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND p.proowner <> ${c.escapeLiteral(roles.owner.name)}::regrole LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO ${owner}', r.fn);
      END LOOP;
    END $$`);
  await c.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await c.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
  await c.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`);
  await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
  await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
  await c.query(
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
  );
  await c.query(
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`,
  );
}
