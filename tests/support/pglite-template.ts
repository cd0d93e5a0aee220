import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

import { migrate, openPglite } from '@/db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated embedded data dir (`<dir>/pgdata`) that each test file copies; '' on PostgreSQL. */
    pgliteTemplate: string;
  }
}

/**
 * On the embedded database, creating a cluster (initdb in WebAssembly) costs seconds per test
 * file, far more than the tests in most files. It is created and migrated once, here, through the
 * app's own openPglite and migrate; each test file opens a copy of it (support/database.ts).
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return;
  }
  const root = mkdtempSync(path.join(tmpdir(), 'roster-pglite-'));
  const template = path.join(root, 'template');
  const handle = await openPglite(template);
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
  project.provide('pgliteTemplate', template);
  // The copies live next to the template, so a test process that dies leaves nothing behind.
  return () => rmSync(root, { recursive: true, force: true });
}
