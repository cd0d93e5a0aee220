import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { mailOutbox, organizations } from '@/db/schema';
import { kickMailQueue, startJobs } from '@/lib/jobs/boss';
import { enqueueMail } from '@/lib/mail/outbox';

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
});
