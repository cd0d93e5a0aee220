import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { createElement, type ComponentProps } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { retryMail } from '@/app/dev/mailbox/actions';
import { MailboxView } from '@/app/dev/mailbox/mailbox-view';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, invitations, mailOutbox } from '@/db/schema';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import { getRequestIntl } from '@/lib/i18n/server';
import { drainOutbox, enqueueMail } from '@/lib/mail/outbox';
import { fileTransport } from '@/lib/mail/transport';
import { actorOf } from '@/lib/org/actor';
import { revokeInvitation } from '@/lib/org/invite';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

const DAY = 86_400_000;
const saved = { SMTP_URL: process.env.SMTP_URL, ROSTER_DATA_DIR: process.env.ROSTER_DATA_DIR };
let orgId: string;
let otherOrgId: string;
let owner: Awaited<ReturnType<typeof createOrgWithUser>>['user'];
let ownerId: string;
const as = {} as Record<'owner' | 'admin' | 'member' | 'stranger', TestClient>;
const mail = {} as Record<
  'failed' | 'delayed' | 'fresh' | 'sent' | 'revokedInvite' | 'liveInvite' | 'elsewhere',
  string
>;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  browser.path = '/dev/mailbox';
  return browser;
}

async function rowOf(id: string) {
  return (await (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0];
}

async function retriedAudits(id: string) {
  return (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'mail.retried'), eq(auditLog.targetId, id)));
}

/** A mail as the outbox holds it after `ageMs` of failed delivery. */
async function stuckMail(
  org: string,
  to: string,
  subject: string,
  ageMs: number,
  status: 'pending' | 'failed',
  invitationId?: string,
) {
  const db = await getDb();
  const id = await enqueueMail(db, {
    orgId: org,
    to,
    subject,
    text: `Accept: http://localhost:3000/invite/${'s'.repeat(43)}`,
    invitationId,
  });
  await db
    .update(mailOutbox)
    .set({
      status,
      attempts: 12,
      lastError: 'Error: connect ECONNREFUSED 127.0.0.1:587',
      createdAt: new Date(Date.now() - ageMs),
      nextAttemptAt: new Date(Date.now() + 3600_000),
    })
    .where(eq(mailOutbox.id, id));
  return id;
}

async function invitation(org: string, email: string, revoked: boolean) {
  const [row] = await (
    await getDb()
  )
    .insert(invitations)
    .values({
      orgId: org,
      email,
      tokenHash: `hash-${email}`,
      expiresAt: new Date(Date.now() + 7 * DAY),
      revokedAt: revoked ? new Date() : null,
      invitedByUserId: ownerId,
    })
    .returning();
  return row.id;
}

async function renderMailbox(browser: TestClient): Promise<string> {
  const { result, notFound } = await browser.run(async () => {
    const { locale, timeZone } = await getRequestIntl();
    const props = { locale, timeZone, messages: compiledMessagesFor(locale) } as ComponentProps<typeof IntlProvider>;
    return renderToStaticMarkup(createElement(IntlProvider, props, await MailboxView()));
  });
  if (notFound) return '404';
  return result!;
}

/** The <li> of one mail in the rendered list, found by its subject. */
const rowHtml = (html: string, subject: string) =>
  html.split('<li').find((part) => part.includes(`>${subject}<`)) ?? '';

beforeAll(async () => {
  // The organization's outbox is what admins see when mail goes out by SMTP.
  process.env.SMTP_URL = 'smtp://127.0.0.1:9';
  process.env.ROSTER_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'roster-mail-admin-'));
  const created = await createOrgWithUser({ orgName: 'Outbox Co', email: 'owner@outbox.test', role: 'owner' });
  const { org } = created;
  owner = created.user;
  orgId = org.id;
  ownerId = owner.id;
  await addUser(orgId, { email: 'admin@outbox.test', role: 'admin' });
  await addUser(orgId, { email: 'member@outbox.test', role: 'member' });
  otherOrgId = (await createOrgWithUser({ orgName: 'Elsewhere Inc', email: 'owner@elsewhere.test', role: 'owner' })).org
    .id;
  as.owner = await signIn('owner@outbox.test');
  as.admin = await signIn('admin@outbox.test');
  as.member = await signIn('member@outbox.test');
  as.stranger = await signIn('owner@elsewhere.test');

  const db = await getDb();
  mail.failed = await stuckMail(orgId, 'failed@outbox.test', 'Gave up after three days', 3 * DAY + 3600_000, 'failed');
  mail.delayed = await stuckMail(orgId, 'delayed@outbox.test', 'Late by an hour', 3600_000, 'pending');
  mail.fresh = await stuckMail(orgId, 'fresh@outbox.test', 'Just queued', 60_000, 'pending');
  mail.sent = await enqueueMail(db, { orgId, to: 'sent@outbox.test', subject: 'Went out fine', text: 'x' });
  await db.update(mailOutbox).set({ status: 'sent', sentAt: new Date() }).where(eq(mailOutbox.id, mail.sent));
  mail.revokedInvite = await stuckMail(
    orgId,
    'revoked@outbox.test',
    'Revoked invitation',
    4 * DAY,
    'failed',
    await invitation(orgId, 'revoked@outbox.test', true),
  );
  mail.liveInvite = await stuckMail(
    orgId,
    'live@outbox.test',
    'Live invitation',
    2 * 3600_000,
    'pending',
    await invitation(orgId, 'live@outbox.test', false),
  );
  mail.elsewhere = await stuckMail(otherOrgId, 'x@elsewhere.test', 'Not yours', 4 * DAY, 'failed');
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('failed and delayed mail in the admins’ mailbox', () => {
  it('makes failed and delayed mail stand out in words, with a Retry form each, and no bodies', async () => {
    const html = await renderMailbox(as.admin);
    expect(html).toContain('<h1');
    expect(html).toContain('Failed');
    expect(html).toContain('Delayed');
    expect(html).toContain('4 mails need attention: 2 failed, 2 delayed.');

    const failed = rowHtml(html, 'Gave up after three days');
    expect(failed).toContain('Failed');
    expect(failed).toContain('ECONNREFUSED');
    expect(failed).toMatch(/<form[^>]*>/);
    expect(failed).toContain(`value="${mail.failed}"`);
    expect(failed).toMatch(/<button[^>]*type="submit"[^>]*>(<[^>]+>)*Retry</);

    const delayed = rowHtml(html, 'Late by an hour');
    expect(delayed).toContain('Delayed');
    expect(delayed).toContain(`value="${mail.delayed}"`);
    expect(rowHtml(html, 'Live invitation')).toContain(`value="${mail.liveInvite}"`);

    // Neither a mail still within its first minutes, nor a sent one, nor the dead invitation's.
    for (const subject of ['Just queued', 'Went out fine', 'Revoked invitation']) {
      expect(rowHtml(html, subject), subject).not.toContain('Retry');
      expect(rowHtml(html, subject), subject).not.toContain('<form');
    }
    expect(rowHtml(html, 'Just queued')).toContain('Queued');
    expect(rowHtml(html, 'Revoked invitation')).toContain('Failed');
    expect(html).not.toContain('Not yours');
    expect(html).not.toContain('/invite/s');
  });

  it('puts a failed mail back to pending with a fresh schedule, audits it, and it goes out', async () => {
    const { result } = await as.admin.action(retryMail, { mailId: mail.failed });
    expect(result).toMatchObject({ status: 'success', message: 'The mail to failed@outbox.test is queued again.' });
    const row = await rowOf(mail.failed);
    expect(row).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    // A new three days to retry in, counted from now.
    expect(Date.now() - row.createdAt.getTime()).toBeLessThan(60_000);
    const [entry] = await retriedAudits(mail.failed);
    expect(entry).toMatchObject({
      orgId,
      targetType: 'mail',
      data: expect.objectContaining({ to: 'failed@outbox.test', status: 'failed' }),
    });

    const dir = mkdtempSync(path.join(tmpdir(), 'roster-retried-'));
    expect((await drainOutbox(await getDb(), fileTransport(dir))).sent).toBeGreaterThanOrEqual(1);
    expect((await rowOf(mail.failed)).status).toBe('sent');
    expect(readdirSync(dir).some((f) => f.endsWith(`${mail.failed}.eml`))).toBe(true);
  });

  it('lets owners retry delayed mail, and a live invitation’s mail', async () => {
    for (const id of [mail.delayed, mail.liveInvite]) {
      const { result } = await as.owner.action(retryMail, { mailId: id });
      expect(result?.status, id).toBe('success');
      expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
      expect(await retriedAudits(id)).toHaveLength(1);
    }
  });

  it('refuses the mail of a revoked invitation, mail that is not stuck, and other organizations’ mail', async () => {
    const before = await rowOf(mail.revokedInvite);
    const refused = await as.admin.action(retryMail, { mailId: mail.revokedInvite });
    expect(refused.result).toMatchObject({ status: 'error' });
    expect(refused.result?.message).toMatch(/invitation/i);
    expect(await rowOf(mail.revokedInvite)).toEqual(before);

    for (const id of [mail.fresh, mail.sent]) {
      const { result } = await as.admin.action(retryMail, { mailId: id });
      expect(result?.status, id).toBe('error');
      expect(await retriedAudits(id)).toHaveLength(0);
    }
    expect((await rowOf(mail.fresh)).attempts).toBe(12);

    const elsewhere = await rowOf(mail.elsewhere);
    const { result } = await as.admin.action(retryMail, { mailId: mail.elsewhere });
    expect(result).toMatchObject({ status: 'error', message: "That mail is not in your organization's outbox." });
    expect(await rowOf(mail.elsewhere)).toEqual(elsewhere);
    expect(await retriedAudits(mail.elsewhere)).toHaveLength(0);

    const garbage = await as.admin.action(retryMail, { mailId: "1' or '1'='1" });
    expect(garbage.result?.status).toBe('error');
  });

  it('never leaves the mail of a revoked invitation pending when a retry and a revocation cross', async () => {
    const db = await getDb();
    for (let i = 0; i < 6; i++) {
      const email = `race${i}@outbox.test`;
      const invitationId = await invitation(orgId, email, false);
      const id = await stuckMail(orgId, email, `Race ${i}`, 4 * DAY, 'failed', invitationId);
      const [retried] = await Promise.all([
        as.admin.action(retryMail, { mailId: id }),
        revokeInvitation(db, actorOf({ user: owner, org: { id: orgId, name: 'Outbox Org' } }), invitationId),
      ]);
      const row = await rowOf(id);
      // Retried first: the revocation then drops the pending mail. Revoked first: the retry is refused.
      if (retried.result?.status === 'success') expect(row).toBeUndefined();
      else expect(row.status, `race ${i}`).toBe('failed');
    }
  });

  it('answers 404 to members, as the mailbox does', async () => {
    const failedAgain = await stuckMail(orgId, 'again@outbox.test', 'Failed again', 3 * DAY + 60_000, 'failed');
    expect(await renderMailbox(as.member)).toBe('404');
    expect((await as.member.action(retryMail, { mailId: failedAgain })).notFound).toBe(true);
    expect((await rowOf(failedAgain)).status).toBe('failed');
    expect(await retriedAudits(failedAgain)).toHaveLength(0);
    // The other organization's owner sees only their own mail, and cannot retry this one.
    expect(await renderMailbox(as.stranger)).toContain('Not yours');
    expect((await as.stranger.action(retryMail, { mailId: failedAgain })).result?.status).toBe('error');
    expect((await rowOf(failedAgain)).status).toBe('failed');
  });
});
