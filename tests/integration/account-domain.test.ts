import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { auditLog, mailOutbox, organizations, sessions, users } from '@/db/schema';
import { createSession, loadLiveSession } from '@/lib/auth/session-store';
import { clearAwayPeriod, updateAwayPeriod, updateStatus } from '@/lib/availability/update';
import { acceptDetectedTimeZone, updateRegional } from '@/lib/preferences/update';
import { updateProfile } from '@/lib/profile/update';
import { changePassword } from '@/lib/security/password-change';
import { setPin } from '@/lib/security/pin-change';
import { endOtherSessions, endSession } from '@/lib/security/sessions';
import { disableTwoFactor } from '@/lib/security/two-factor';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

/**
 * The account settings' domain functions called as the token API or the CSV import will call
 * them: a database handle, the acting user, typed input and the request's meta — no form, no
 * cookie, no request.
 */
useTestDatabase();

const META = { ip: '198.51.100.77', userAgent: 'roster-import/1.0' };
let orgId: string;
let userId: string;

async function auditOf(action: string, targetId = userId) {
  const db = await getDb();
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

/** The acting user with a session of their own, as the session would load them. */
async function signedIn(id = userId) {
  const db = await getDb();
  const user = await getUser(id);
  const sessionId = await createSession(db, {
    userId: id,
    orgId: user.orgId,
    absoluteHours: 12,
    mfaPending: false,
    ip: META.ip,
    userAgent: META.userAgent,
  });
  const live = await loadLiveSession(db, sessionId);
  if (!live) throw new Error('no session');
  return live;
}

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Direct Calls', email: 'dora@direct.test', role: 'member' });
  orgId = org.id;
  userId = user.id;
});

describe('availability', () => {
  it('changes the status once, with its audit row, and writes nothing for the same status', async () => {
    const db = await getDb();
    expect(await updateStatus(db, await getUser(userId), { availability: 'unavailable' }, META)).toEqual({
      ok: true,
      changed: true,
    });
    expect(await updateStatus(db, await getUser(userId), { availability: 'unavailable' }, META)).toEqual({
      ok: true,
      changed: false,
    });
    expect((await getUser(userId)).availability).toBe('unavailable');
    const rows = await auditOf('availability.status_changed');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      orgId,
      actorUserId: userId,
      data: { from: 'online', to: 'unavailable' },
      ip: META.ip,
      userAgent: META.userAgent,
    });
  });

  it('reads the period in the user’s zone, refuses a past end and clears it again', async () => {
    const db = await getDb();
    await db.update(users).set({ timeZone: 'Europe/Berlin' }).where(eq(users.id, userId));
    const past = await updateAwayPeriod(
      db,
      await getUser(userId),
      { awayFrom: '2020-01-01T09:00', awayUntil: '2020-01-02T09:00' },
      META,
    );
    expect(past).toEqual({ ok: false, error: 'untilPast' });

    const saved = await updateAwayPeriod(
      db,
      await getUser(userId),
      { awayFrom: '2099-07-01T09:00', awayUntil: '2099-07-02T17:30' },
      META,
    );
    expect(saved).toEqual({ ok: true, cleared: false });
    const user = await getUser(userId);
    // Summer time in Berlin is UTC+2.
    expect(user.awayFrom?.toISOString()).toBe('2099-07-01T07:00:00.000Z');
    expect(user.awayUntil?.toISOString()).toBe('2099-07-02T15:30:00.000Z');

    expect(await clearAwayPeriod(db, user, {}, META)).toEqual({ ok: true });
    expect(await getUser(userId)).toMatchObject({ awayFrom: null, awayUntil: null });
    expect((await auditOf('availability.away_set')).map((a) => a.data)).toEqual([
      { from: '2099-07-01T07:00:00.000Z', until: '2099-07-02T15:30:00.000Z' },
    ]);
    expect(await auditOf('availability.away_cleared')).toHaveLength(1);
  });
});

describe('profile', () => {
  const profile = (version: number, username: string | null) => ({
    version,
    firstName: 'Dora',
    lastName: 'Direct',
    displayName: null,
    username,
    jobTitle: 'Importer',
    phone: null,
    dateOfBirth: null,
    contacts: [],
  });

  it('saves the actor’s own row, refuses a stale version and a taken username', async () => {
    const db = await getDb();
    const other = await addUser(orgId, { email: 'olga@direct.test' });
    await db.update(users).set({ username: 'olga' }).where(eq(users.id, other.id));

    const before = await getUser(userId);
    const saved = await updateProfile(db, before, profile(before.version, 'dora'), META);
    expect(saved).toMatchObject({
      ok: true,
      changed: ['firstName', 'lastName', 'username', 'jobTitle'],
      stored: { firstName: 'Dora', username: 'dora', jobTitle: 'Importer', version: before.version + 1 },
    });
    const after = await getUser(userId);
    expect(after).toMatchObject({ firstName: 'Dora', username: 'dora', version: before.version + 1 });
    expect((await auditOf('profile.updated'))[0].data).toEqual({
      fields: ['firstName', 'lastName', 'username', 'jobTitle'],
    });

    // The same input from the outdated row: a newer change is not overwritten.
    expect(await updateProfile(db, before, profile(before.version, 'dora2'), META)).toEqual({
      ok: false,
      error: 'stale',
    });
    expect(await updateProfile(db, after, profile(after.version, 'olga'), META)).toEqual({
      ok: false,
      error: 'usernameTaken',
    });
    expect((await getUser(userId)).username).toBe('dora');
    expect(await auditOf('profile.updated')).toHaveLength(1);
  });
});

describe('regional', () => {
  it('refuses a zone the server does not know and takes a detected zone only while none is set', async () => {
    const db = await getDb();
    await db.update(users).set({ timeZone: null }).where(eq(users.id, userId));
    expect(await updateRegional(db, await getUser(userId), { locale: 'de', timeZone: 'Mars/Olympus' }, META)).toEqual({
      ok: false,
      error: 'timeZoneUnknown',
    });
    expect(await acceptDetectedTimeZone(db, await getUser(userId), { timeZone: 'Asia/Tokyo' }, META)).toEqual({
      ok: true,
      saved: true,
      timeZone: 'Asia/Tokyo',
    });
    expect(await acceptDetectedTimeZone(db, await getUser(userId), { timeZone: 'Europe/Paris' }, META)).toEqual({
      ok: true,
      saved: false,
    });
    expect((await getUser(userId)).timeZone).toBe('Asia/Tokyo');
    expect(await auditOf('regional.time_zone_detected')).toHaveLength(1);
  });
});

describe('security', () => {
  it('sets a PIN only with the password, and audits and mails the change together', async () => {
    const db = await getDb();
    const actor = await signedIn();
    expect(await setPin(db, actor, { pin: '123456', password: STRONG_PASSWORD }, META)).toEqual({
      ok: false,
      error: 'weakPin',
      problems: ['errors.pin.predictable'],
    });
    expect(await setPin(db, actor, { pin: '480271', password: undefined }, META)).toEqual({
      ok: false,
      error: 'confirmRequired',
    });
    expect(await setPin(db, actor, { pin: '480271', password: 'Wr0ng!guess' }, META)).toEqual({
      ok: false,
      error: 'confirmWrong',
    });
    expect((await getUser(userId)).pinHash).toBeNull();

    expect(await setPin(db, actor, { pin: '480271', password: STRONG_PASSWORD }, META)).toEqual({ ok: true });
    expect((await getUser(userId)).pinHash).toMatch(/^\$argon2/);
    expect(await auditOf('pin.changed')).toHaveLength(1);
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'dora@direct.test'));
    expect(mails).toHaveLength(1);
  });

  it('ends another session or all the others, never the one acting', async () => {
    const db = await getDb();
    const actor = await signedIn();
    const second = await signedIn();
    await signedIn();
    expect(await endSession(db, actor, { sessionId: actor.session.id }, META)).toEqual({
      ok: false,
      error: 'currentSession',
    });
    expect(await endSession(db, actor, { sessionId: second.session.id }, META)).toEqual({ ok: true, ended: true });
    expect(await endSession(db, actor, { sessionId: second.session.id }, META)).toEqual({ ok: true, ended: false });
    expect(await endOtherSessions(db, actor, {}, META)).toEqual({ ok: true, count: expect.any(Number) });
    const left = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
    expect(left).toEqual([{ id: actor.session.id }]);
  });

  it('changes the password with the current one as proof and ends every session', async () => {
    const db = await getDb();
    const actor = await signedIn();
    const input = (currentPassword: string, newPassword: string) => ({
      currentPassword,
      newPassword,
      confirmNewPassword: newPassword,
    });
    expect(await changePassword(db, actor, input('Wr0ng!guess-1', 'An0ther!Secret-pw'), META)).toEqual({
      ok: false,
      error: 'currentWrong',
    });
    expect(await changePassword(db, actor, input(STRONG_PASSWORD, STRONG_PASSWORD), META)).toEqual({
      ok: false,
      error: 'sameAsCurrent',
    });
    expect(await changePassword(db, actor, input(STRONG_PASSWORD, 'An0ther!Secret-pw'), META)).toEqual({ ok: true });
    expect(await db.select().from(sessions).where(eq(sessions.userId, userId))).toEqual([]);
    expect(await auditOf('password.changed')).toHaveLength(1);
  });

  it('keeps two-factor authentication on while the organization requires it', async () => {
    const db = await getDb();
    await db.update(users).set({ mfaEnabled: true }).where(eq(users.id, userId));
    await db.update(organizations).set({ requireMfa: true }).where(eq(organizations.id, orgId));
    const actor = await signedIn();
    expect(await disableTwoFactor(db, actor, { password: 'An0ther!Secret-pw' }, META)).toEqual({
      ok: false,
      error: 'requiredByOrg',
    });
    expect((await getUser(userId)).mfaEnabled).toBe(true);
    expect(await auditOf('mfa.disabled')).toEqual([]);
  });
});
