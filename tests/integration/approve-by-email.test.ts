/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are read freely in assertions */
import { and, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';

import { GET as getApproval } from '@/app/api/v1/approvals/[id]/route';
import { POST as postApproval } from '@/app/api/v1/approvals/route';
import { decideApproval } from '@/app/approve/[token]/actions';
import ApprovePage from '@/app/approve/[token]/page';
import { getDb } from '@/db';
import {
  apiTokens,
  approvalLinks,
  approvalRequests,
  auditLog,
  mailOutbox,
  notifications,
  orgMailServers,
  users,
} from '@/db/schema';
import { createApprovalRequest, decideByLink } from '@/lib/approvals/requests';
import { hashToken } from '@/lib/security/tokens';
import type { TokenScope } from '@/lib/tokens/scopes';
import { newApiToken } from '@/lib/tokens/secret';
import { proxy } from '@/proxy';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

const DAY = 86_400_000;
const BASE = 'http://localhost/api/v1';

let orgId: string;
let ownerId: string;
let otherOrgId: string;
let otherOwnerId: string;

beforeAll(async () => {
  const a = await createOrgWithUser({ orgName: 'Approve Mail Org', email: 'owner@approve-mail.test' });
  orgId = a.org.id;
  ownerId = a.user.id;
  const b = await createOrgWithUser({ orgName: 'Approve Mail Other', email: 'owner@approve-other.test' });
  otherOrgId = b.org.id;
  otherOwnerId = b.user.id;
});

async function connectBusinessEmail(org: string) {
  await (
    await getDb()
  )
    .insert(orgMailServers)
    .values({
      orgId: org,
      host: 'smtp.example.test',
      port: 587,
      security: 'starttls',
      fromAddress: 'desk@example.test',
    })
    .onConflictDoNothing();
}

async function disconnectBusinessEmail(org: string) {
  await (await getDb()).delete(orgMailServers).where(eq(orgMailServers.orgId, org));
}

async function person(email: string, firstName: string, approveByEmail: boolean, locale = 'en') {
  const user = await addUser(orgId, { email, firstName });
  await (
    await getDb()
  )
    .update(users)
    .set({ locale, notificationOptions: { approveByEmail } })
    .where(eq(users.id, user.id));
  return user;
}

async function mailsTo(email: string) {
  return (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.to, email));
}

/** The token of the newest approve link mailed to `email`, and the mail's text. */
async function linkFor(email: string): Promise<{ token: string | null; text: string }> {
  const mails = await mailsTo(email);
  const text = mails.at(-1)?.text ?? '';
  return { token: /\/approve\/([A-Za-z0-9_-]+)\?decision=approve/.exec(text)?.[1] ?? null, text };
}

async function requestRow(id: string) {
  const [row] = await (await getDb()).select().from(approvalRequests).where(eq(approvalRequests.id, id));
  return row;
}

const ask = (userId: string, title = 'Expense: team lunch', now?: Date) =>
  getDb().then((db) =>
    createApprovalRequest(db, orgId, ownerId, { userId, title, body: '4 people, 86 EUR.', url: '/expenses/12' }, now),
  );

describe('the approval mail', () => {
  it('carries Approve and Reject links when the approver chose it and business email is connected', async () => {
    await connectBusinessEmail(orgId);
    const vera = await person('vera@approve-mail.test', 'Vera', true);
    const created = await ask(vera.id);
    expect(created).toMatchObject({ status: 'pending', approverId: vera.id });
    const { token, text } = await linkFor(vera.email);
    expect(token).toEqual(expect.any(String));
    expect(text).toContain(`/approve/${token}?decision=approve`);
    expect(text).toMatch(new RegExp(`^Approve: http\\S+/approve/${token}\\?decision=approve$`, 'm'));
    expect(text).toMatch(new RegExp(`^Reject: http\\S+/approve/${token}\\?decision=reject$`, 'm'));
    // Only the digest is stored, for 7 days, for this approver.
    const [link] = await (await getDb()).select().from(approvalLinks).where(eq(approvalLinks.requestId, created!.id));
    expect(link.tokenHash).toBe(hashToken(token!));
    expect(link.tokenHash).not.toContain(token!);
    expect(link.approverId).toBe(vera.id);
    expect(Math.abs(link.expiresAt.getTime() - link.createdAt.getTime() - 7 * DAY)).toBeLessThan(60_000);
    // The activity row shows the request but never the links.
    const [note] = await (await getDb()).select().from(notifications).where(eq(notifications.userId, vera.id));
    expect(note).toMatchObject({ event: 'approval.requested', title: 'Expense: team lunch' });
    expect(note.body).not.toContain('/approve/');
  });

  it('speaks the approver’s language', async () => {
    await connectBusinessEmail(orgId);
    const greta = await person('greta@approve-mail.test', 'Greta', true, 'de');
    await ask(greta.id);
    const { text } = await linkFor(greta.email);
    expect(text).toMatch(/^Freigeben: http\S+\/approve\/\S+\?decision=approve$/m);
    expect(text).toMatch(/^Ablehnen: http\S+\?decision=reject$/m);
  });

  it('has no links without business email, nor when the approver did not choose it', async () => {
    const db = await getDb();
    await disconnectBusinessEmail(orgId);
    const otto = await person('otto@approve-mail.test', 'Otto', true);
    const first = await ask(otto.id);
    expect((await linkFor(otto.email)).text).toContain('Expense: team lunch');
    expect((await linkFor(otto.email)).text).not.toContain('/approve/');
    expect(await db.select().from(approvalLinks).where(eq(approvalLinks.requestId, first!.id))).toEqual([]);

    await connectBusinessEmail(orgId);
    const nina = await person('nina@approve-mail.test', 'Nina', false);
    const second = await ask(nina.id);
    expect((await linkFor(nina.email)).text).not.toContain('/approve/');
    expect(await db.select().from(approvalLinks).where(eq(approvalLinks.requestId, second!.id))).toEqual([]);
  });
});

describe('the confirmation page and the decision', () => {
  const page = (token: string, decision?: string) =>
    renderHtml(new TestClient(), () =>
      ApprovePage({
        params: Promise.resolve({ token }),
        searchParams: Promise.resolve(decision ? { decision } : {}),
      } as any),
    );

  it('opening the link decides nothing; the post decides once', async () => {
    await connectBusinessEmail(orgId);
    const ada = await person('ada@approve-mail.test', 'Ada', true);
    const created = await ask(ada.id, 'Holiday: 3 days in May');
    const { token } = await linkFor(ada.email);

    for (let i = 0; i < 3; i++) {
      const html = (await page(token!, 'approve')).result!;
      expect(html).toContain('Approve this request?');
      expect(html).toContain('Holiday: 3 days in May');
      expect(html).toContain('4 people, 86 EUR.');
      expect(html).toContain('Asked by Test User');
      expect(html).toMatch(/<button(?=[^>]*name="decision")(?=[^>]*value="approve")/);
      expect(html).toMatch(/<button(?=[^>]*name="decision")(?=[^>]*value="reject")/);
    }
    expect((await page(token!, 'reject')).result).toContain('Reject this request?');
    expect((await requestRow(created!.id)).status).toBe('pending');
    const [unused] = await (await getDb()).select().from(approvalLinks).where(eq(approvalLinks.requestId, created!.id));
    expect(unused.usedAt).toBeNull();
    expect((await page('not-a-real-token-at-all-0000000000')).notFound).toBe(true);

    const browser = new TestClient();
    const first = await browser.action(decideApproval, { token: token!, decision: 'approve' });
    expect(first.result).toMatchObject({ status: 'success', message: 'Approved.' });
    const row = await requestRow(created!.id);
    expect(row).toMatchObject({ status: 'approved', decidedBy: ada.id, decidedVia: 'email' });
    expect(row.decidedAt).toBeInstanceOf(Date);
    const [entry] = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, 'approvals.decided')));
    expect(entry).toMatchObject({ actorUserId: ada.id, targetId: ada.id });
    expect(entry.data).toMatchObject({ requestId: created!.id, decision: 'approved', via: 'email' });

    const again = await browser.action(decideApproval, { token: token!, decision: 'reject' });
    expect(again.result).toMatchObject({ status: 'error', message: 'This link was already used.' });
    expect((await requestRow(created!.id)).status).toBe('approved');
    expect((await page(token!)).result).toContain('This link was already used.');
    // The approver decided for themselves: nobody else is told.
    const decided = await (
      await getDb()
    )
      .select()
      .from(notifications)
      .where(eq(notifications.event, 'approval.decided'));
    expect(decided.filter((n) => n.userId === ada.id)).toEqual([]);
  });

  it('refuses an expired link, a request decided already, and a malformed post', async () => {
    const db = await getDb();
    await connectBusinessEmail(orgId);
    const eli = await person('eli@approve-mail.test', 'Eli', true);
    await ask(eli.id, 'Old request');
    const { token: old } = await linkFor(eli.email);
    expect(await decideByLink(db, old!, 'approve', undefined, new Date(Date.now() + 8 * DAY))).toBe('expired');
    expect(await decideByLink(db, old!, 'approve', undefined, new Date(Date.now() + 6 * DAY))).toBe('approved');

    const second = await ask(eli.id, 'Decided elsewhere');
    const { token } = await linkFor(eli.email);
    await db.update(approvalRequests).set({ status: 'rejected' }).where(eq(approvalRequests.id, second!.id));
    const refused = await new TestClient().action(decideApproval, { token: token!, decision: 'approve' });
    expect(refused.result).toMatchObject({ status: 'error', message: 'This request was already decided.' });

    expect(await decideByLink(db, 'x'.repeat(43), 'approve', undefined)).toBe('invalid');
    const bad = await new TestClient().action(decideApproval, { token: token!, decision: 'maybe' });
    expect(bad.result?.status).toBe('error');
  });

  it('after the approver goes away, the old link is refused and the delegate gets the requests', async () => {
    const db = await getDb();
    await connectBusinessEmail(orgId);
    const mona = await person('mona@approve-mail.test', 'Mona', true);
    const dana = await person('dana@approve-mail.test', 'Dana', true);
    const created = await ask(mona.id, 'Purchase: laptop');
    const { token: monas } = await linkFor(mona.email);

    await db
      .update(users)
      .set({ awayFrom: new Date(Date.now() - DAY), awayUntil: new Date(Date.now() + 5 * DAY), delegateUserId: dana.id })
      .where(eq(users.id, mona.id));
    const moved = await new TestClient().action(decideApproval, { token: monas!, decision: 'approve' });
    expect(moved.result).toMatchObject({ status: 'error', message: 'This request now goes to someone else.' });
    expect((await requestRow(created!.id)).status).toBe('pending');

    const next = await ask(mona.id, 'Purchase: monitor');
    expect(next!.approverId).toBe(dana.id);
    const { token: danas } = await linkFor(dana.email);
    const html = (
      await renderHtml(new TestClient(), () =>
        ApprovePage({
          params: Promise.resolve({ token: danas! }),
          searchParams: Promise.resolve({ decision: 'reject' }),
        } as any),
      )
    ).result!;
    expect(html).toContain('You decide for Mona User, who is away.');
    const decided = await new TestClient().action(decideApproval, { token: danas!, decision: 'reject' });
    expect(decided.result).toMatchObject({ status: 'success', message: 'Rejected.' });
    expect(await requestRow(next!.id)).toMatchObject({ status: 'rejected', decidedBy: dana.id, decidedVia: 'email' });
    // Mona, whose approval was asked, hears of it.
    const [told] = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, mona.id), eq(notifications.event, 'approval.decided')));
    expect(told).toMatchObject({ title: 'Rejected: Purchase: monitor', url: '/expenses/12' });
    expect(told.body).toContain('Dana User');
  });

  it('keeps the token to its page: no referrer, and the page may post with Origin: null', async () => {
    const get = await proxy(new NextRequest('http://localhost:3000/approve/abcdefghijklmnopqrstuvwxyz'));
    expect(get.headers.get('referrer-policy')).toBe('no-referrer');
    const post = await proxy(
      new NextRequest('http://localhost:3000/approve/abcdefghijklmnopqrstuvwxyz?decision=approve', {
        method: 'POST',
        headers: {
          host: 'localhost:3000',
          origin: 'null',
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'a=1',
        duplex: 'half',
      } as ConstructorParameters<typeof NextRequest>[1]),
    );
    expect(post.headers.get('x-middleware-next')).toBe('1');
  });
});

describe('the API', () => {
  async function token(userId: string, org: string, scopes: TokenScope[] = ['approvals:write']): Promise<string> {
    const { secret, hash, prefix } = newApiToken();
    await (await getDb()).insert(apiTokens).values({
      orgId: org,
      userId,
      name: 'Approvals app',
      prefix,
      tokenHash: hash,
      scopes,
      expiresAt: new Date(Date.now() + 30 * DAY),
    });
    return secret;
  }

  async function call(
    handler: (request: Request, segment: { params: Promise<never> }) => Promise<Response>,
    init: { secret: string; method: 'GET' | 'POST'; id?: string; body?: string },
  ): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {
      'x-roster-socket-ip': '198.51.100.7',
      authorization: `Bearer ${init.secret}`,
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const url = init.id ? `${BASE}/approvals/${init.id}` : `${BASE}/approvals`;
    const response = await handler(new Request(url, { method: init.method, headers, body: init.body }), {
      params: Promise.resolve({ id: init.id ?? '' }) as Promise<never>,
    });
    return { status: response.status, body: await response.json() };
  }

  it('creates a request for the approver now, reads it back, and knows no other organization’s', async () => {
    const secret = await token(ownerId, orgId);
    const ivo = await person('ivo@approve-mail.test', 'Ivo', false);
    const created = await call(postApproval, {
      secret,
      method: 'POST',
      body: JSON.stringify({ userId: ivo.id, title: 'Contract: Müller GmbH', body: 'Please check.', url: '/c/1' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), status: 'pending', approverId: ivo.id });
    expect((await requestRow(created.body.id)).createdByUserId).toBe(ownerId);

    const read = await call(getApproval, { secret, method: 'GET', id: created.body.id });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id: created.body.id,
      status: 'pending',
      approverId: ivo.id,
      decidedBy: null,
      decidedAt: null,
      decidedVia: null,
    });

    const other = await token(otherOwnerId, otherOrgId);
    expect((await call(getApproval, { secret: other, method: 'GET', id: created.body.id })).status).toBe(404);
    expect((await call(getApproval, { secret, method: 'GET', id: 'not-a-uuid' })).status).toBe(404);
    // A user of another organization cannot be asked.
    const elsewhere = await call(postApproval, {
      secret: other,
      method: 'POST',
      body: JSON.stringify({ userId: ivo.id, title: 'x', body: '' }),
    });
    expect(elsewhere.status).toBe(404);
    // Without the scope.
    const reader = await token(ownerId, orgId, ['profile:read']);
    expect((await call(getApproval, { secret: reader, method: 'GET', id: created.body.id })).status).toBe(403);
  });

  it('answers bad bodies with 422', async () => {
    const secret = await token(ownerId, orgId);
    const bodies = [
      {},
      { userId: 'nope', title: 'x', body: '' },
      { userId: ownerId, title: '', body: '' },
      { userId: ownerId, title: 'two\nlines', body: '' },
      { userId: ownerId, title: 'x', body: 5 },
      { userId: ownerId, title: 'x', body: '', extra: true },
      { userId: ownerId, title: 'x', body: '', url: 'javascript:alert(1)' },
      [],
    ];
    for (const body of bodies) {
      const answer = await call(postApproval, { secret, method: 'POST', body: JSON.stringify(body) });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.error.code).toBe('validation_failed');
    }
  });
});
