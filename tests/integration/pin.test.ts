import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { auditLog, mailOutbox, users } from '@/db/schema';
import { hashPin, PIN_MAX_FAILURES, pinProblems, verifyUserPin } from '@/lib/security/pin';
import { LIMITS } from '@/lib/security/throttle';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser } from '../support/fixtures';

useTestDatabase();

const GOOD_PIN = '480719';
const WRONG_PIN = '480718';
const PREDICTABLE = 'errors.pin.predictable';
const FORMAT = 'errors.pin.format';

let orgId: string;
let agentId: string;

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'PIN Org', email: 'agent@pin.test', role: 'admin' });
  orgId = org.id;
  agentId = user.id;
});

async function userWithPin(email: string, pin = GOOD_PIN) {
  const db = await getDb();
  const user = await addUser(orgId, { email });
  await db
    .update(users)
    .set({ pinHash: await hashPin(pin) })
    .where(eq(users.id, user.id));
  return user;
}

const check = async (userId: string, pin: string, org = orgId) =>
  verifyUserPin(await getDb(), {
    orgId: org,
    userId,
    pin,
    actorUserId: agentId,
    meta: { ip: '192.0.2.9', userAgent: 'test' },
  });

describe('pinProblems', () => {
  const none = { dateOfBirth: null };

  it('accepts a PIN without a pattern', () => {
    expect(pinProblems(GOOD_PIN, none)).toEqual([]);
    expect(pinProblems('30571946', none)).toEqual([]);
    expect(pinProblems('4807193', { dateOfBirth: '1988-04-23' })).toEqual([]);
  });

  it('wants 6 to 8 ASCII digits', () => {
    for (const pin of ['48071', '480719365', '48071a', '４８０７１９', '480 719', '']) {
      expect(pinProblems(pin, none)).toEqual([FORMAT]);
    }
  });

  it.each([
    ['one digit repeated', '000000'],
    ['one digit repeated, 8 long', '77777777'],
    ['ascending run', '123456'],
    ['ascending run, shifted', '234567'],
    ['descending run', '987654'],
    ['long run', '12345678'],
    ['repeated pair', '121212'],
    ['repeated triple', '123123'],
    ['repeated quad', '90459045'],
    ['common keypad pattern', '159753'],
    ['common doubled digits', '112233'],
    ['common mirror', '123321'],
  ])('refuses a trivial PIN: %s', (_kind, pin) => {
    expect(pinProblems(pin, none)).toEqual([PREDICTABLE]);
  });

  it('refuses the birth year anywhere in the PIN and the birth date in its usual spellings', () => {
    const ctx = { dateOfBirth: '1988-04-23' };
    expect(pinProblems('198847', ctx)).toEqual([PREDICTABLE]);
    expect(pinProblems('47198802', ctx)).toEqual([PREDICTABLE]);
    for (const pin of ['230488', '042388', '880423', '23041988', '19880423', '04231988', '12230488']) {
      expect(pinProblems(pin, ctx)).toEqual([PREDICTABLE]);
    }
    // The same PINs are fine for someone born another day.
    expect(pinProblems('230488', { dateOfBirth: '1975-11-02' })).toEqual([]);
  });
});

describe('verifyUserPin', () => {
  it('answers not-set for a user without a PIN', async () => {
    const db = await getDb();
    const user = await addUser(orgId, { email: 'nopin@pin.test' });
    expect(await verifyUserPin(db, { orgId, userId: user.id, pin: GOOD_PIN, actorUserId: agentId })).toEqual({
      ok: false,
      reason: 'not-set',
    });
    expect(await check('not-a-uuid', GOOD_PIN)).toEqual({ ok: false, reason: 'not-set' });
  });

  it('accepts the right PIN and resets the failure count', async () => {
    const user = await userWithPin('right@pin.test');
    expect(await check(user.id, WRONG_PIN)).toEqual({ ok: false, reason: 'wrong', remainingAttempts: 9 });
    expect(await check(user.id, GOOD_PIN)).toEqual({ ok: true });
    expect((await getUser(user.id)).pinFailedCount).toBe(0);
    const db = await getDb();
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, user.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['pin.verify_failed', 'pin.verified']));
  });

  it('counts down, locks on the tenth failure, mails once and stays locked', async () => {
    const db = await getDb();
    const user = await userWithPin('locked@pin.test');
    for (let i = 1; i < PIN_MAX_FAILURES; i++) {
      expect(await check(user.id, WRONG_PIN)).toEqual({
        ok: false,
        reason: 'wrong',
        remainingAttempts: PIN_MAX_FAILURES - i,
      });
    }
    expect(await check(user.id, WRONG_PIN)).toEqual({ ok: false, reason: 'locked', remainingAttempts: 0 });
    const locked = await getUser(user.id);
    expect(locked.pinFailedCount).toBe(PIN_MAX_FAILURES);
    expect(locked.pinLockedAt).toBeInstanceOf(Date);

    expect(await check(user.id, GOOD_PIN)).toEqual({ ok: false, reason: 'locked', remainingAttempts: 0 });
    expect(await check(user.id, WRONG_PIN)).toEqual({ ok: false, reason: 'locked', remainingAttempts: 0 });
    expect((await getUser(user.id)).pinFailedCount).toBe(PIN_MAX_FAILURES);

    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'locked@pin.test'));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Your phone PIN was locked');
    expect(mails[0].text).toContain('Settings → Security');
    expect(mails[0].text).toContain('administrator');

    const entries = await db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(entries.filter((e) => e.action === 'pin.verify_failed')).toHaveLength(PIN_MAX_FAILURES);
    expect(entries.filter((e) => e.action === 'pin.locked')).toHaveLength(1);
    for (const entry of entries)
      expect(entry).toMatchObject({ orgId, actorUserId: agentId, ip: '192.0.2.9', targetType: 'user' });
  });

  it('locks exactly once under concurrent wrong attempts', async () => {
    const db = await getDb();
    const user = await userWithPin('race@pin.test');
    const results = await Promise.all(Array.from({ length: 14 }, () => check(user.id, WRONG_PIN)));
    expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(PIN_MAX_FAILURES - 1);
    expect((await getUser(user.id)).pinFailedCount).toBe(PIN_MAX_FAILURES);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'race@pin.test'))).toHaveLength(1);
  });

  it('treats a user of another organization as having no PIN', async () => {
    const { org: otherOrg, user: outsider } = await createOrgWithUser({
      orgName: 'Other Org',
      email: 'outsider@other.test',
    });
    const db = await getDb();
    await db
      .update(users)
      .set({ pinHash: await hashPin(GOOD_PIN) })
      .where(eq(users.id, outsider.id));
    expect(await check(outsider.id, GOOD_PIN)).toEqual({ ok: false, reason: 'not-set' });
    expect(await check(outsider.id, WRONG_PIN)).toEqual({ ok: false, reason: 'not-set' });
    expect((await getUser(outsider.id)).pinFailedCount).toBe(0);
    expect(await check(outsider.id, GOOD_PIN, otherOrg.id)).toEqual({ ok: true });
  });

  it('never writes the PIN into the audit log or a mail', async () => {
    const db = await getDb();
    const audits = await db.select().from(auditLog);
    const mails = await db.select().from(mailOutbox);
    expect(audits.length).toBeGreaterThan(0);
    expect(mails.length).toBeGreaterThan(0);
    const written = JSON.stringify([audits.map((a) => a.data), mails.map((m) => [m.subject, m.text, m.html])]);
    expect(written).not.toContain(GOOD_PIN);
    expect(written).not.toContain(WRONG_PIN);
  });

  it('limits failed checks per address across users, locking nobody', async () => {
    const db = await getDb();
    const ip = '198.51.100.77';
    const from = (address: string, userId: string, pin: string) =>
      verifyUserPin(db, { orgId, userId, pin, actorUserId: agentId, meta: { ip: address, userAgent: 'test' } });
    const people = await Promise.all(Array.from({ length: 15 }, (_, i) => userWithPin(`spray${i}@pin.test`)));
    // One guess for each of many people never locks anyone, but the address runs out.
    for (let i = 0; i < LIMITS.ip.max; i++) {
      const result = await from(ip, people[i % people.length].id, WRONG_PIN);
      expect(result.ok).toBe(false);
    }
    const blocked = await from(ip, people[0].id, GOOD_PIN);
    expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    for (const person of people) expect((await getUser(person.id)).pinLockedAt).toBeNull();
    // Another address is not affected, and the right PIN still works there.
    expect(await from('198.51.100.78', people[0].id, GOOD_PIN)).toEqual({ ok: true });
  });
});
