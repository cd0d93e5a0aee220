import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';

import { migrate, openPglite, openPostgres, setDbHandle, type DbHandle } from '@/db';

/**
 * One database per test file: a fresh in-memory PGlite, or — with DATABASE_URL — a PostgreSQL
 * database cloned from the template the global setup migrated.
 */
export async function openTestDatabase(): Promise<{ handle: DbHandle; close: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const handle = await openPglite('memory://');
    await migrate(handle);
    setDbHandle(handle);
    return {
      handle,
      close: async () => {
        setDbHandle(undefined);
        await handle.close();
      },
    };
  }
  const template = inject('pgTemplate');
  const name = `roster_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), 5);
  setDbHandle(handle);
  return {
    handle,
    close: async () => {
      setDbHandle(undefined);
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Gives the calling test file its own database for all its tests. */
export function useTestDatabase(): void {
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ close } = await openTestDatabase());
  });
  afterAll(async () => {
    await close?.();
  });
}
