import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Param, Placeholder, SQL, sql, StringChunk } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

import { databaseConfig } from './config';
import { acquireDataDirLock } from './lock';
import { initPgliteOutOfProcess } from './pglite-init';
import * as schema from './schema';

export { schema };
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** The connection URL on PostgreSQL (other clients, such as the job engine, open their own pool). */
  url?: string;
  /** Runs raw SQL (one or several statements) for the job engine. */
  executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
  close: () => Promise<void>;
};

/** Resolved from the working directory: bundlers move this module, the SQL files stay put. */
export const migrationsFolder = process.env.ROSTER_MIGRATIONS_DIR || path.join(process.cwd(), 'db', 'migrations');

const state = globalThis as unknown as { __rosterDb?: Promise<DbHandle> };

type Sql = postgres.Sql;
type WithSql = (sql: Sql) => unknown;

/**
 * The client as Drizzle should see it: every query with parameters runs as a prepared statement.
 * Drizzle sends its queries through `unsafe` with `prepare: false`, and postgres.js then asks the
 * server for the parameter types of such a query before it sends it: two round trips, and a
 * fresh parse and plan, every time. Prepared, a query is described once per connection and then
 * costs one round trip (bind and execute). Queries without parameters (migrations, several
 * statements at once) keep the simple protocol. Transactions and savepoints hand Drizzle a client
 * of their own, wrapped the same way. DATABASE_PREPARE=off leaves the client as it is.
 */
function preparing(client: Sql): Sql {
  // Made once per client: `unsafe` is read on every query.
  const unsafe = (text: string, args: never[] = [], options: Record<string, unknown> = {}) =>
    client.unsafe(text, args, { ...options, prepare: true });
  const withPrepared =
    (original: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) =>
      original.apply(
        client,
        args.map((arg) => (typeof arg === 'function' ? (inner: Sql) => (arg as WithSql)(preparing(inner)) : arg)),
      );
  const begin = withPrepared(client.begin as (...args: unknown[]) => unknown);
  // Only a transaction's client has savepoints.
  const ownSavepoint = (client as { savepoint?: (...args: unknown[]) => unknown }).savepoint;
  const savepoint = ownSavepoint && withPrepared(ownSavepoint);
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin') return begin;
      if (property === 'savepoint' && savepoint) return savepoint;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

export async function openPostgres(url: string, max = 10): Promise<DbHandle> {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    prepare: databaseConfig.prepare,
    // postgres.js waits up to 20 s before reconnecting after repeated failures, and every query
    // meanwhile waits with it: with the database restarting, pages would hang that long and keep
    // failing after it is back. A second at most, and 10 s to connect, keep both short.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    connect_timeout: 10,
  });
  const db = drizzlePostgres(databaseConfig.prepare ? preparing(client) : client, { schema, casing: 'snake_case' });
  return {
    db,
    kind: 'postgres',
    url,
    executeSql: async (text, values) => {
      if (values && values.length) return { rows: await client.unsafe(text, values as never[]) };
      const result = await client.unsafe(text);
      return { rows: result };
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * PGlite's server settings. Its default shared buffers (128 MB) live inside the WebAssembly heap,
 * which never gives memory back: an idle server held about 400 MB. The data directory is read
 * through the operating system's file cache anyway, so a small buffer pool costs little.
 */
const PGLITE_CONF = ['shared_buffers=16MB'];

export async function openPglite(dataDir: string | undefined): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { citext } = await import('@electric-sql/pglite/contrib/citext');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  let client: PGlite;
  let release = () => {};
  if (dataDir && !dataDir.startsWith('memory://')) {
    release = acquireDataDirLock(dataDir);
    const pgdata = path.join(dataDir, 'pgdata');
    await initPgliteOutOfProcess(pgdata);
    mkdirSync(pgdata, { recursive: true });
    client = new PGlite({
      dataDir: pgdata,
      extensions: { citext, pg_trgm },
      postgresqlconf: PGLITE_CONF,
    });
  } else {
    client = new PGlite({ extensions: { citext, pg_trgm }, postgresqlconf: PGLITE_CONF });
  }
  await client.waitReady;
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    executeSql: async (text, values) => {
      if (values && values.length) {
        const r = await client.query(text, values);
        return { rows: r.rows };
      }
      const results = await client.exec(text);
      const mapped = results.map((r) => ({ rows: r.rows }));
      return mapped.length === 1 ? mapped[0] : mapped;
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Any fixed number works, as long as nothing else in the database takes it. */
const MIGRATION_LOCK_KEY = 4_807_219_665_301;

/**
 * Instances starting at once on one PostgreSQL would race to create the migrations table and
 * apply the same migrations: they take turns under a session advisory lock, held on a connection
 * of its own (the migrator runs on the pool, and a pool of one would wait on itself). The second
 * finds the migrations applied. Closing the connection drops the lock even if the unlock fails.
 */
async function withMigrationLock<T>(url: string, run: () => Promise<T>): Promise<T> {
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY}::bigint)`;
    try {
      return await run();
    } finally {
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY}::bigint)`.catch(() => {});
    }
  } finally {
    await lock.end({ timeout: 5 });
  }
}

export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.kind === 'postgres') {
    if (!handle.url) throw new Error('Migrating PostgreSQL needs the connection URL.');
    const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
    await withMigrationLock(handle.url, () => run(handle.db, { migrationsFolder }));
  } else {
    // PGlite: one process per data dir (db/lock.ts), so there is nobody to race.
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(handle.db as never, { migrationsFolder });
  }
}

/** Opens (once per process) and migrates the database named by the environment. */
export function getDbHandle(): Promise<DbHandle> {
  if (!state.__rosterDb) {
    state.__rosterDb = (async () => {
      const handle = databaseConfig.url
        ? await openPostgres(databaseConfig.url)
        : await openPglite(databaseConfig.dataDir);
      await migrate(handle);
      return handle;
    })();
    state.__rosterDb.catch(() => {
      state.__rosterDb = undefined;
    });
  }
  return state.__rosterDb;
}

/** For tests: use an already-open handle as the process database. */
export function setDbHandle(handle: DbHandle | undefined): void {
  state.__rosterDb = handle ? Promise.resolve(handle) : undefined;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** `execute()` returns an array on postgres.js and `{ rows }` on PGlite. */
export async function rows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows: T[] }).rows ?? []) as T[];
}

/**
 * Many rows as one parameter: `from ${jsonRecords(rows)} as r("orgId" uuid, …)` reads them back
 * as a set. A multi-row VALUES carries a parameter per cell (thousands for an import's batch),
 * which costs more to build, send and plan than the insert itself.
 */
export function jsonRecords(records: readonly object[]): SQL {
  return sql`json_to_recordset(${JSON.stringify(records)}::json)`;
}

type RenderedStatement = { text: string[]; params: unknown[] };

function render(query: SQL): RenderedStatement {
  const { sql: text, params } = new PgDialect({ casing: 'snake_case' }).sqlToQuery(query);
  const parts = text.split(/\$(\d+)/);
  const segments: string[] = [];
  const order: unknown[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) segments.push(parts[i]);
    else order.push(params[Number(parts[i]) - 1]);
  }
  return { text: segments, params: order };
}

/**
 * A hand-written statement that runs on every request, rendered to text once: each run only puts
 * its values in where the template has `sql.placeholder(name)`, instead of walking the whole
 * template again. Runs on any executor and driver, like `rows`.
 */
export function statement<T, V extends Record<string, unknown>>(build: () => SQL) {
  let rendered: RenderedStatement | null = null;
  return (executor: Executor, values: V): Promise<T[]> => {
    rendered ??= render(build());
    const chunks: (StringChunk | Param)[] = [new StringChunk(rendered.text[0])];
    rendered.params.forEach((param, i) => {
      chunks.push(new Param(param instanceof Placeholder ? values[param.name] : param));
      chunks.push(new StringChunk(rendered!.text[i + 1]));
    });
    return rows<T>(executor, new SQL(chunks));
  };
}
