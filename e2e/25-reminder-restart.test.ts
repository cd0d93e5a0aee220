import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';

import { migrate, openPglite, openPostgres, type DbHandle } from '@/db';
import { notifications, organizations, reminders, users } from '@/db/schema';
import { parseEml } from '@/lib/mail/eml';

import { jsOn } from './support/browser';
import { adminUrl, createDatabase, dropDatabase, startServer, stopServer } from './support/server';

// A reminder that came due while the app was down goes out when it is back, once: not lost, and
// not sent again by the next start. It runs a server of its own, stopped and started on the same
// data, so it needs no browser and runs in one mode only: the one without JavaScript, whose specs
// take less time (each mode runs its specs in order, in a process of its own). A run of one mode
// runs it with `E2E_MODES=nojs`.

const TITLE = 'Restart check: call Mrs. Quigley';
const EMAIL = 'quigley@restart.test';

type Data = { dataDir: string; database: { name: string; url: string } | null };

/** The embedded database, once the stopped server's last process has let go of its lock. */
async function openEmbedded(dataDir: string): Promise<DbHandle> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await openPglite(dataDir);
    } catch (error) {
      if (!/in use by another process/.test(String(error)) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function withDb<T>(data: Data, run: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = data.database ? await openPostgres(data.database.url, 2) : await openEmbedded(data.dataDir);
  try {
    await migrate(handle);
    return await run(handle);
  } finally {
    await handle.close();
  }
}

/** The reminder mails the server wrote into its data directory. */
async function reminderMails(dataDir: string): Promise<number> {
  let names: string[] = [];
  try {
    names = (await readdir(path.join(dataDir, 'mail'))).filter((n) => n.endsWith('.eml'));
  } catch {
    return 0;
  }
  const mails = await Promise.all(
    names.map(async (n) => parseEml(await readFile(path.join(dataDir, 'mail', n), 'utf8'))),
  );
  return mails.filter((m) => m.subject.includes(TITLE)).length;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Not within ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe.runIf(!jsOn)('reminders across a restart', () => {
  test('a reminder due while the app was down is delivered once after it starts again', async () => {
    const data: Data = {
      dataDir: await mkdtemp(path.join(os.tmpdir(), 'roster-e2e-restart-')),
      database: adminUrl ? await createDatabase('restart') : null,
    };
    try {
      // First start: the instance migrates and starts its job engine, with nothing due yet.
      const userId = await withDb(data, async ({ db }) => {
        const [org] = await db.insert(organizations).values({ name: 'Restart Org' }).returning();
        const [user] = await db
          .insert(users)
          .values({ orgId: org.id, email: EMAIL, firstName: 'Quentin', lastName: 'Quigley', role: 'owner' })
          .returning();
        const dueAt = new Date(Date.now() + 7 * 86_400_000);
        await db.insert(reminders).values({
          orgId: org.id,
          userId: user.id,
          kind: 'task',
          sourceKey: 'RESTART-1',
          title: TITLE,
          dueAt,
          sendAt: new Date(dueAt.getTime() - 3_600_000),
        });
        return user.id;
      });
      const first = await startServer('restart', 3220, data);
      await stopServer(first);
      expect(await reminderMails(data.dataDir)).toBe(0);

      // While it is down, the reminder comes due.
      await withDb(data, ({ db }) =>
        db
          .update(reminders)
          .set({ sendAt: new Date(Date.now() - 60_000) })
          .where(eq(reminders.userId, userId)),
      );

      const second = await startServer('restart', 3220, data);
      try {
        await waitFor(async () => (await reminderMails(data.dataDir)) > 0, 90_000);
      } finally {
        await stopServer(second);
      }

      // A third start sends nothing more.
      const third = await startServer('restart', 3220, data);
      await new Promise((r) => setTimeout(r, 8_000));
      await stopServer(third);
      expect(await reminderMails(data.dataDir)).toBe(1);
      await withDb(data, async ({ db }) => {
        const rows = await db.select().from(notifications).where(eq(notifications.userId, userId));
        expect(rows.map((r) => r.event)).toEqual(['task.deadline']);
        const [reminder] = await db.select().from(reminders).where(eq(reminders.userId, userId));
        expect(reminder.sentAt).not.toBeNull();
      });
    } finally {
      await rm(data.dataDir, { recursive: true, force: true });
      if (data.database) await dropDatabase(data.database.name);
    }
  });
});
