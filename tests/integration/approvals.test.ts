import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { users } from '@/db/schema';
import { approverFor } from '@/lib/approvals/approver';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser } from '../support/fixtures';

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
