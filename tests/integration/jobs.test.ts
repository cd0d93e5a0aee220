import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { mailOutbox, organizations } from '@/db/schema';
import { kickMailQueue, startJobs } from '@/lib/jobs/boss';
import { enqueueMail, enqueueMails } from '@/lib/mail/outbox';

import { useTestDatabase } from '../support/database';

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
      await boss.stop({ graceful: false, wait: true });
      (globalThis as { __rosterBoss?: unknown }).__rosterBoss = undefined;
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
      await boss.stop({ graceful: false, wait: true });
      (globalThis as { __rosterBoss?: unknown }).__rosterBoss = undefined;
    }
  });
});
