import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { GET as runJobs } from '@/app/api/cron/jobs/route';
import { GET as drainMail } from '@/app/api/cron/mail/route';
import { GET } from '@/app/api/health/route';
import { getDb } from '@/db';
import { mailOutbox, tasks } from '@/db/schema';
import { enqueueMail } from '@/lib/mail/outbox';
import { insertTask } from '@/lib/tasks/tasks';

import { useTestDatabase } from '../support/database';
import { createOrgWithUser } from '../support/fixtures';

useTestDatabase();

describe('GET /api/health', () => {
  it('answers ok while the database answers', async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /api/cron/mail', () => {
  it('refuses without the cron secret and drains with it', async () => {
    process.env.CRON_SECRET = 'cron-secret-value';
    const db = await getDb();
    const { org } = await createOrgWithUser({ orgName: 'Cron Co', email: 'cron@cron.test', role: 'owner' });
    const id = await enqueueMail(db, { orgId: org.id, to: 'someone@cron.test', subject: 'Queued', text: 'Hello' });
    const refused = await drainMail(
      new Request('http://localhost/api/cron/mail', { headers: { authorization: 'Bearer nope' } }),
    );
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthorized');
    expect((await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0].status).toBe('pending');
    const ok = await drainMail(
      new Request('http://localhost/api/cron/mail', { headers: { authorization: 'Bearer cron-secret-value' } }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sent: 1, failed: 0 });
    expect((await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]).toMatchObject({ status: 'sent' });
  });
});

describe('GET /api/cron/jobs', () => {
  it('refuses without the cron secret; with it, runs the queued background tasks to their end', async () => {
    process.env.CRON_SECRET = 'cron-secret-value';
    const db = await getDb();
    const { org, user } = await createOrgWithUser({ orgName: 'Cron Jobs Co', email: 'jobs@cron.test', role: 'owner' });
    const task = await insertTask(db, {
      orgId: org.id,
      ownerUserId: user.id,
      name: 'People.csv',
      action: 'users.export',
      params: { q: '', status: '', role: '', group: '', sort: 'name' },
    });
    const call = (authorization: string) =>
      runJobs(new Request('http://localhost/api/cron/jobs', { headers: { authorization } }));

    const refused = await call('Bearer nope');
    expect(refused.status).toBe(401);
    expect((await db.select().from(tasks).where(eq(tasks.id, task.id)))[0].status).toBe('queued');

    const ok = await call('Bearer cron-secret-value');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ tasks: 1 });
    const [done] = await db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(done.status).toBe('succeeded');
    expect(done.resultBlobId).not.toBeNull();
  });
});
