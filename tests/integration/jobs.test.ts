import { createRequire } from 'node:module';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';

import { getDb } from '@/db';
import { mailOutbox, organizations, tasks } from '@/db/schema';
import { kickMailQueue, startJobs } from '@/lib/jobs/boss';
import { enqueueMail, enqueueMails } from '@/lib/mail/outbox';
import { insertTask, startTask } from '@/lib/tasks/tasks';

import { useTestDatabase } from '../support/database';
import { createOrgWithUser } from '../support/fixtures';

/** pg-boss's job manager: each time a worker looks for jobs, it calls `fetch(queue, …)`. */
const Manager = createRequire(import.meta.url)('pg-boss/src/manager.js') as {
  prototype: { fetch: (queue: string, ...rest: unknown[]) => Promise<unknown> };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stopJobs(boss: Awaited<ReturnType<typeof startJobs>>) {
  await boss.stop({ graceful: false, wait: true });
  (globalThis as { __rosterBoss?: unknown }).__rosterBoss = undefined;
}

useTestDatabase();

describe('job engine', () => {
  it('delivers mail queued before it started and mail queued while it runs', async () => {
    const db = await getDb();
    const [org] = await db.insert(organizations).values({ name: 'Jobs Org' }).returning();
    await enqueueMail(db, { orgId: org.id, to: 'before@jobs.test', subject: 'Queued before start', text: 'x' });
    const boss = await startJobs();
    try {
      await enqueueMail(db, { orgId: org.id, to: 'after@jobs.test', subject: 'Queued while running', text: 'x' });
      await kickMailQueue();
      const deadline = Date.now() + 20_000;
      let statuses: string[] = [];
      while (Date.now() < deadline) {
        const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.orgId, org.id));
        statuses = rows.map((r) => r.status);
        if (statuses.length === 2 && statuses.every((s) => s === 'sent')) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(statuses).toEqual(['sent', 'sent']);
    } finally {
      await stopJobs(boss);
    }
  });

  it('sends a large outbox in one go, batch after batch, not 25 mails a minute', async () => {
    const db = await getDb();
    const [org] = await db.insert(organizations).values({ name: 'Bulk Mail Org' }).returning();
    await enqueueMails(
      db,
      Array.from({ length: 120 }, (_, i) => ({
        orgId: org.id,
        to: `bulk${i}@jobs.test`,
        subject: 'Invitation',
        text: 'x',
      })),
    );
    const boss = await startJobs();
    try {
      // One drain job (the start-up one), no cron tick within the deadline: all 120 go out.
      const deadline = Date.now() + 30_000;
      let sent = 0;
      while (Date.now() < deadline && sent < 120) {
        const rows = await db
          .select({ status: mailOutbox.status })
          .from(mailOutbox)
          .where(eq(mailOutbox.orgId, org.id));
        sent = rows.filter((r) => r.status === 'sent').length;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(sent).toBe(120);
    } finally {
      await stopJobs(boss);
    }
  });

  it('rests when idle: a worker looks for jobs every few seconds, not every second', async () => {
    const boss = await startJobs();
    const fetch = vi.spyOn(Manager.prototype, 'fetch');
    try {
      // The jobs queued at start are done; then five quiet seconds.
      await sleep(2_000);
      fetch.mockClear();
      await sleep(5_000);
      const ours = fetch.mock.calls.map(([queue]) => queue).filter((queue) => !queue.startsWith('__pgboss__'));
      // Eight queues polled every one or two seconds looked 20 times or more in five seconds.
      expect(ours.length).toBeLessThanOrEqual(8);
    } finally {
      fetch.mockRestore();
      await stopJobs(boss);
    }
  });

  it('runs tasks queued together one after another at once, though the workers rest between polls', async () => {
    const db = await getDb();
    const { org, user } = await createOrgWithUser({ orgName: 'Tasks Org', email: 'tasks-owner@jobs.test' });
    const boss = await startJobs();
    try {
      await sleep(1_000);
      const queued = [];
      for (let i = 0; i < 3; i++) {
        const task = await insertTask(db, {
          orgId: org.id,
          ownerUserId: user.id,
          name: `Users ${i + 1}`,
          action: 'users.export',
          params: {},
        });
        await startTask(task.id);
        queued.push(task.id);
      }
      // Each task takes well under a second; a worker waiting for its next poll took 15 s.
      const deadline = Date.now() + 10_000;
      let statuses: string[] = [];
      while (Date.now() < deadline) {
        const rows = await db.select({ status: tasks.status }).from(tasks).where(inArray(tasks.id, queued));
        statuses = rows.map((row) => row.status);
        if (statuses.every((status) => status === 'succeeded')) break;
        await sleep(200);
      }
      expect(statuses).toEqual(['succeeded', 'succeeded', 'succeeded']);
    } finally {
      await stopJobs(boss);
    }
  });
});
