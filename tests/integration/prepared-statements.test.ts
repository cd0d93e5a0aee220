import { eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';

import { getDb, getDbHandle, openPostgres, rows } from '@/db';
import { organizations } from '@/db/schema';
import { useTestDatabase } from '@/tests/support/database';

useTestDatabase();

/** The URL of this file's own database. */
const handleUrl = async () => (await getDbHandle()).url!;

// postgres.js describes a query with parameters in a round trip of its own unless it is prepared;
// Drizzle asks for unprepared queries, and the client handed to it prepares them (db/index.ts).
describe.runIf(process.env.DATABASE_URL)('queries on PostgreSQL', () => {
  it('run as prepared statements, on the pool and in transactions, and answer the same', async () => {
    const db = await getDb();
    const [org] = await db.insert(organizations).values({ name: 'Prepared Ltd' }).returning();
    const found = await db.transaction(async (tx) => {
      const first = await tx
        .select({ name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, org.id));
      const again = await tx
        .select({ name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, org.id));
      // A nested transaction (a savepoint) gets the same client.
      const nested = await tx.transaction((savepoint) =>
        savepoint.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, org.id)),
      );
      expect(nested).toEqual(first);
      const statements = await rows<{ statement: string }>(
        tx,
        sql`select statement from pg_prepared_statements where statement like '%"organizations"."id" = $1%'`,
      );
      return { first, again, statements };
    });
    expect(found.first).toEqual([{ name: 'Prepared Ltd' }]);
    expect(found.again).toEqual(found.first);
    expect(found.statements).toHaveLength(1);
    // A query without parameters keeps the simple protocol, which takes several statements.
    await db.execute(sql.raw('select 1; select 2'));
  });

  it('stay unprepared with DATABASE_PREPARE=off, for a pooler in transaction mode', async () => {
    vi.stubEnv('DATABASE_PREPARE', 'off');
    const handle = await openPostgres(await handleUrl(), 1);
    try {
      const statements = await handle.db.transaction(async (tx) => {
        await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Unprepared'));
        return rows<{ n: number }>(tx, sql`select count(*)::int as n from pg_prepared_statements`);
      });
      expect(statements).toEqual([{ n: 0 }]);
    } finally {
      vi.unstubAllEnvs();
      await handle.close();
    }
  });
});
