import { and, eq, like } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { clearDelegate, setDelegate } from '@/app/(account)/settings/approvals/actions';
import { GET as colleagues } from '@/app/(account)/settings/approvals/colleagues/route';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, users } from '@/db/schema';
import { approverFor } from '@/lib/approvals/approver';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

const NOW = new Date('2026-03-10T12:00:00Z');
const AWAY = { awayFrom: new Date('2026-03-09T00:00:00Z'), awayUntil: new Date('2026-03-12T00:00:00Z') };
const PRESENT = { awayFrom: null, awayUntil: null };

let orgId: string;
let adaId: string;
let graceId: string;
let alanId: string;
let otherOrgId: string;
let strangerId: string;

async function setUser(id: string, values: Partial<typeof users.$inferInsert>) {
  await (await getDb()).update(users).set(values).where(eq(users.id, id));
}

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Delegates', email: 'ada@approvals.test', role: 'member' });
  orgId = org.id;
  adaId = user.id;
  graceId = (await addUser(orgId, { email: 'grace@approvals.test', firstName: 'Grace' })).id;
  alanId = (await addUser(orgId, { email: 'alan@approvals.test', firstName: 'Alan' })).id;
  const elsewhere = await createOrgWithUser({ orgName: 'Elsewhere', email: 'eve@approvals-elsewhere.test' });
  otherOrgId = elsewhere.org.id;
  strangerId = elsewhere.user.id;
});

beforeEach(async () => {
  for (const id of [adaId, graceId, alanId, strangerId]) {
    await setUser(id, { ...PRESENT, delegateUserId: null, status: 'active' });
  }
});

describe('approverFor', () => {
  it('answers the user themselves while they are present', async () => {
    await setUser(adaId, { delegateUserId: graceId });
    const answer = await approverFor(await getDb(), orgId, adaId, NOW);
    expect(answer).toEqual({
      approver: { id: adaId, firstName: 'Test', lastName: 'User', displayName: null, email: 'ada@approvals.test' },
      via: [],
    });
  });

  it('answers the user when the away period is over or has not started', async () => {
    await setUser(adaId, { ...AWAY, delegateUserId: graceId });
    const before = await approverFor(await getDb(), orgId, adaId, new Date('2026-03-08T23:59:59Z'));
    const after = await approverFor(await getDb(), orgId, adaId, AWAY.awayUntil);
    expect(before?.approver.id).toBe(adaId);
    expect(after?.approver.id).toBe(adaId);
  });

  it('answers the delegate while the user is away', async () => {
    await setUser(adaId, { ...AWAY, delegateUserId: graceId });
    const answer = await approverFor(await getDb(), orgId, adaId, NOW);
    expect(answer?.approver.id).toBe(graceId);
    expect(answer?.approver.firstName).toBe('Grace');
    expect(answer?.via).toEqual([adaId]);
  });

  it('follows a chain of two to the first person present', async () => {
    await setUser(adaId, { ...AWAY, delegateUserId: graceId });
    await setUser(graceId, { ...AWAY, delegateUserId: alanId });
    const answer = await approverFor(await getDb(), orgId, adaId, NOW);
    expect(answer?.approver.id).toBe(alanId);
    expect(answer?.via).toEqual([adaId, graceId]);
  });

  it('does not loop on a cycle: everyone away leaves the user approving for themselves', async () => {
    await setUser(adaId, { ...AWAY, delegateUserId: graceId });
    await setUser(graceId, { ...AWAY, delegateUserId: alanId });
    await setUser(alanId, { ...AWAY, delegateUserId: adaId });
    const answer = await approverFor(await getDb(), orgId, adaId, NOW);
    expect(answer).toMatchObject({ approver: { id: adaId }, via: [] });
  });

  it('never answers a deactivated delegate', async () => {
    await setUser(adaId, { ...AWAY, delegateUserId: graceId });
    await setUser(graceId, { status: 'deactivated', deactivatedAt: NOW });
    const answer = await approverFor(await getDb(), orgId, adaId, NOW);
    expect(answer).toMatchObject({ approver: { id: adaId }, via: [] });
  });

  it('passes a deactivated user on to their delegate, or keeps them when there is none', async () => {
    await setUser(adaId, { status: 'deactivated', deactivatedAt: NOW, delegateUserId: graceId });
    expect(await approverFor(await getDb(), orgId, adaId, NOW)).toMatchObject({
      approver: { id: graceId },
      via: [adaId],
    });
    await setUser(adaId, { delegateUserId: null });
    expect(await approverFor(await getDb(), orgId, adaId, NOW)).toMatchObject({ approver: { id: adaId }, via: [] });
  });

  it('ignores a delegate from another organization', async () => {
    await setUser(adaId, { ...AWAY, delegateUserId: strangerId });
    const answer = await approverFor(await getDb(), orgId, adaId, NOW);
    expect(answer).toMatchObject({ approver: { id: adaId }, via: [] });
  });

  it('answers null for a user of another organization or an unknown id', async () => {
    expect(await approverFor(await getDb(), orgId, strangerId, NOW)).toBeNull();
    expect(await approverFor(await getDb(), otherOrgId, adaId, NOW)).toBeNull();
    expect(await approverFor(await getDb(), orgId, '00000000-0000-4000-8000-000000000000', NOW)).toBeNull();
  });
});

async function signIn(email = 'ada@approvals.test') {
  const browser = new TestClient();
  const outcome = await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD });
  expect(outcome.redirect).toBe('/settings/profile');
  return browser;
}

async function delegateAudit() {
  return (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), like(auditLog.action, 'approvals.%')))
    .orderBy(auditLog.createdAt);
}

async function search(browser: TestClient, q: string) {
  const response = (
    await browser.run(() => colleagues(new Request(`http://localhost:3000/settings/approvals/colleagues?q=${q}`)))
  ).result!;
  expect(response.status).toBe(200);
  return ((await response.json()) as { colleagues: Array<{ id: string; name: string; email: string }> }).colleagues;
}

describe('choosing a delegate', () => {
  it('sets a colleague, audits it, and the approver follows while away', async () => {
    const browser = await signIn();
    const before = (await delegateAudit()).length;
    const { result } = await browser.action(setDelegate, { delegateUserId: graceId });
    expect(result).toMatchObject({ status: 'success', message: 'Delegate saved.' });
    expect((await getUser(adaId)).delegateUserId).toBe(graceId);
    const entries = (await delegateAudit()).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'approvals.delegate_set',
      actorUserId: adaId,
      targetId: adaId,
      data: { delegateUserId: graceId, previousDelegateUserId: null },
    });
    await setUser(adaId, AWAY);
    expect((await approverFor(await getDb(), orgId, adaId, NOW))?.approver.id).toBe(graceId);
  });

  it('refuses yourself, another organization, a deactivated colleague and nonsense with a field error', async () => {
    await setUser(alanId, { status: 'deactivated', deactivatedAt: NOW });
    const browser = await signIn();
    const cases: Array<[string, string]> = [
      [adaId, 'You cannot be your own delegate.'],
      [strangerId, 'Choose a colleague from your organization.'],
      [alanId, "This colleague's account is not active. Choose someone else."],
      ['not-an-id', 'Choose a colleague from your organization.'],
      ['00000000-0000-4000-8000-000000000000', 'Choose a colleague from your organization.'],
    ];
    for (const [delegateUserId, message] of cases) {
      const { result } = await browser.action(setDelegate, { delegateUserId });
      expect(result?.status).toBe('error');
      expect(result?.fieldErrors?.delegateUserId).toEqual([message]);
    }
    const { result } = await browser.action(setDelegate, {});
    expect(result?.status).toBe('error');
    expect((await getUser(adaId)).delegateUserId).toBeNull();
  });

  it('refuses someone whose chain leads back to you', async () => {
    await setUser(graceId, { delegateUserId: alanId });
    await setUser(alanId, { delegateUserId: adaId });
    const browser = await signIn();
    const { result } = await browser.action(setDelegate, { delegateUserId: graceId });
    expect(result?.fieldErrors?.delegateUserId).toEqual([
      "This colleague's approvals already come to you through their delegates. Choose someone else.",
    ]);
    const direct = await browser.action(setDelegate, { delegateUserId: alanId });
    expect(direct.result?.status).toBe('error');
    expect((await getUser(adaId)).delegateUserId).toBeNull();
    // A chain that does not come back is fine.
    await setUser(alanId, { delegateUserId: null });
    expect((await browser.action(setDelegate, { delegateUserId: graceId })).result?.status).toBe('success');
  });

  it('removes the delegate, audited once; removing again writes nothing', async () => {
    await setUser(adaId, { delegateUserId: graceId });
    const browser = await signIn();
    const before = (await delegateAudit()).length;
    const { result } = await browser.action(clearDelegate, {});
    expect(result).toMatchObject({ status: 'success', message: 'Delegate removed.' });
    expect((await getUser(adaId)).delegateUserId).toBeNull();
    await browser.action(clearDelegate, {});
    const entries = (await delegateAudit()).slice(before);
    expect(entries.map((e) => [e.action, e.data])).toEqual([
      ['approvals.delegate_removed', { previousDelegateUserId: graceId }],
    ]);
  });

  it('needs a session', async () => {
    const { redirect } = await new TestClient().action(setDelegate, { delegateUserId: graceId });
    expect(redirect).toBe('/sign-in');
  });
});

describe('colleague search', () => {
  it('finds active colleagues of the same organization by name or email, never yourself', async () => {
    await setUser(alanId, { status: 'deactivated', deactivatedAt: NOW });
    const browser = await signIn();
    expect((await search(browser, 'grace')).map((c) => c.id)).toEqual([graceId]);
    const all = (await search(browser, 'approvals')).map((c) => c.id);
    expect(all).toEqual([graceId]);
    expect(await search(browser, 'eve')).toEqual([]);
    expect(await search(browser, '')).toEqual([]);
    expect(await search(browser, '%25')).toEqual([]);
  });

  it('answers a signed-out caller with 404', async () => {
    const response = (
      await new TestClient().run(() =>
        colleagues(new Request('http://localhost:3000/settings/approvals/colleagues?q=a')),
      )
    ).result!;
    expect(response.status).toBe(404);
  });
});
