import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';

import { migrate, migrationsFolder, openPostgres } from '@/db';

const adminUrl = process.env.DATABASE_URL;
const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
  entries: unknown[];
};

// PGlite is one process behind a lock file; only PostgreSQL has instances racing each other.
describe.skipIf(!adminUrl)('start-up on an empty PostgreSQL database', () => {
  it('lets two instances migrate at once: the second waits, then finds the schema in place', async () => {
    const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    // A few rounds: without the lock the race does not lose every time.
    for (let round = 0; round < 3; round++) {
      const name = `roster_race_${randomBytes(6).toString('hex')}`;
      await admin.unsafe(`create database ${name}`);
      const url = new URL(adminUrl!);
      url.pathname = `/${name}`;
      const instances = [await openPostgres(url.toString(), 3), await openPostgres(url.toString(), 3)];
      try {
        const results = await Promise.allSettled(instances.map((handle) => migrate(handle)));
        expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok']);
        const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
        try {
          const [applied] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
          expect(applied.n).toBe(journal.entries.length);
          const [tables] =
            await check`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'users'`;
          expect(tables.n).toBe(1);
          // The lock is released: nothing is left waiting on or holding it.
          const [locks] =
            await check`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;
          expect(locks.n).toBe(0);
        } finally {
          await check.end();
        }
      } finally {
        await Promise.all(instances.map((handle) => handle.close()));
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      }
    }
    await admin.end();
  });
});
