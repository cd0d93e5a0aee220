import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import AccountSectionPage from '@/app/(account)/settings/[section]/page';
import OrgSectionPage from '@/app/(org)/org-settings/[section]/page';
import OrgSettingsLayout from '@/app/(org)/org-settings/layout';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { organizations, sessions, users } from '@/db/schema';
import { getCurrentSession, requirePermission } from '@/lib/auth/current';
import { hashPassword } from '@/lib/auth/password-hash';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

let orgId: string;
let memberId: string;

async function signedIn(email: string, ip?: string) {
  const browser = new TestClient(ip);
  const outcome = await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD });
  expect(outcome.redirect).toBe('/settings/profile');
  const sid = (await browser.run(() => getCurrentSession())).result!.session.id;
  return { browser, sid };
}

beforeAll(async () => {
  const { org } = await createOrgWithUser({ email: 'owner@guards.test', role: 'owner' });
  orgId = org.id;
  memberId = (await addUser(org.id, { email: 'member@guards.test', role: 'member' })).id;
});

describe('server-side sessions', () => {
  it('signs a revoked session out at its next request', async () => {
    const { browser, sid } = await signedIn('member@guards.test');
    await (await getDb()).delete(sessions).where(eq(sessions.id, sid));
    expect((await browser.run(() => getCurrentSession())).result).toBeNull();
    const page = await browser.run(() => AccountSectionPage({ params: Promise.resolve({ section: 'tokens' }) }));
    expect(page.redirect).toBe('/sign-in');
  });

  it('ends a session idle longer than the organization allows (30 min by default)', async () => {
    const { browser, sid } = await signedIn('member@guards.test');
    const db = await getDb();
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(sessions.id, sid));
    expect((await browser.run(() => getCurrentSession())).result).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.id, sid))).toHaveLength(0);
  });

  it('ends a session at its absolute lifetime of 12 hours even while active', async () => {
    const { browser, sid } = await signedIn('member@guards.test');
    const db = await getDb();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, sid));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(12 * 3600_000, -4);
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, sid));
    expect((await browser.run(() => getCurrentSession())).result).toBeNull();
  });

  it('follows the organization idle setting', async () => {
    const db = await getDb();
    await db.update(organizations).set({ sessionIdleMinutes: 5 }).where(eq(organizations.id, orgId));
    const { browser, sid } = await signedIn('member@guards.test');
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 6 * 60_000) })
      .where(eq(sessions.id, sid));
    expect((await browser.run(() => getCurrentSession())).result).toBeNull();
    await db.update(organizations).set({ sessionIdleMinutes: 30 }).where(eq(organizations.id, orgId));
  });

  it('ends every session of a deactivated user and refuses their sign-in', async () => {
    const db = await getDb();
    const victim = await addUser(orgId, { email: 'leaver@guards.test' });
    const { browser } = await signedIn('leaver@guards.test');
    await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, victim.id));
    expect((await browser.run(() => getCurrentSession())).result).toBeNull();
    const again = await new TestClient().action(signInWithPassword, {
      email: 'leaver@guards.test',
      password: STRONG_PASSWORD,
    });
    expect(again.result?.status).toBe('error');
  });

  it('keeps the session alive across requests and touches last-seen at most once a minute', async () => {
    const { browser, sid } = await signedIn('member@guards.test');
    const db = await getDb();
    const old = new Date(Date.now() - 2 * 60_000);
    await db.update(sessions).set({ lastSeenAt: old }).where(eq(sessions.id, sid));
    await browser.run(() => getCurrentSession());
    const [row] = await db.select().from(sessions).where(eq(sessions.id, sid));
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(old.getTime());
  });

  it('refuses a forged cookie', async () => {
    const browser = new TestClient();
    browser.jar.set('__Host-roster.session', 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..forged.forged.forged');
    expect((await browser.run(() => getCurrentSession())).result).toBeNull();
  });
});

describe('organization settings guard', () => {
  it('answers 404 to a member for the layout, the pages and permission checks', async () => {
    const { browser } = await signedIn('member@guards.test');
    expect((await browser.run(() => OrgSettingsLayout({ children: null }))).notFound).toBe(true);
    expect((await browser.run(() => OrgSectionPage({ params: Promise.resolve({ section: 'users' }) }))).notFound).toBe(
      true,
    );
    expect((await browser.run(() => requirePermission('users.manage'))).notFound).toBe(true);
  });

  it('lets the owner in, and still answers 404 for an unknown section', async () => {
    const { browser } = await signedIn('owner@guards.test');
    const page = await browser.run(() => OrgSectionPage({ params: Promise.resolve({ section: 'users' }) }));
    expect(page.result).toBeTruthy();
    expect((await browser.run(() => OrgSectionPage({ params: Promise.resolve({ section: 'nope' }) }))).notFound).toBe(
      true,
    );
  });

  it('redirects a signed-out visitor to sign in', async () => {
    const outcome = await new TestClient().run(() => OrgSettingsLayout({ children: null }));
    expect(outcome.redirect).toBe('/sign-in');
    expect(memberId).toBeTruthy();
  });
});

describe('password hashing', () => {
  it('rehashes a password stored with weaker parameters at sign-in', async () => {
    const db = await getDb();
    const { hash } = await import('@node-rs/argon2');
    const weak = await hash(STRONG_PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    const user = await addUser(orgId, { email: 'legacy@guards.test' });
    await db.update(users).set({ passwordHash: weak }).where(eq(users.id, user.id));
    await signedIn('legacy@guards.test');
    const [after] = await db.select().from(users).where(eq(users.id, user.id));
    expect(after.passwordHash).toMatch(/m=19456,t=2,p=1/);
    expect(await hashPassword('x')).not.toBe(await hashPassword('x'));
  });
});
