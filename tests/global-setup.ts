import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

import { migrate, openPostgres } from '../db';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    dataDir: string;
  }
}

/** A data dir for generated secrets and mail files; on PostgreSQL, a migrated template database. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'roster-test-'));
  project.provide('dataDir', dataDir);
  const adminUrl = process.env.DATABASE_URL;
  let template = '';
  if (adminUrl) {
    template = `roster_tpl_${process.pid}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.unsafe(`create database ${template}`);
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    const handle = await openPostgres(url.toString(), 1);
    await migrate(handle);
    await handle.close();
    await admin.end();
  }
  project.provide('pgTemplate', template);
  return async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (adminUrl && template) {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}
