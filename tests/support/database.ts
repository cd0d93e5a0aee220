import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';

import { migrate, openPglite, openPostgres, setDbHandle, type DbHandle } from '@/db';

/**
 * A migrated embedded database of its own, opened by the app's openPglite on a copy of the data
 * dir that the global setup created and migrated (support/pglite-template.ts): copying takes a
 * fraction of a second, creating a cluster several. Closing it also deletes the copy. On a
 * PostgreSQL run there is no template, and a fresh in-memory database is created and migrated.
 */
export async function openPgliteCopy(): Promise<DbHandle> {
  const template = inject('pgliteTemplate');
  if (!template) {
    const handle = await openPglite('memory://');
    await migrate(handle);
    return handle;
  }
  const dir = mkdtempSync(path.join(path.dirname(template), 'db-'));
  cpSync(path.join(template, 'pgdata'), path.join(dir, 'pgdata'), { recursive: true });
  const handle = await openPglite(dir);
  return {
    ...handle,
    close: async () => {
      try {
        await handle.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * One database per test file: a copy of the migrated embedded template, or — with DATABASE_URL —
 * a PostgreSQL database cloned from the template the global setup migrated. Both are migrated
 * again the way the app does at start-up, which finds nothing left to apply.
 */
export async function openTestDatabase(): Promise<{ handle: DbHandle; close: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const handle = await openPgliteCopy();
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
