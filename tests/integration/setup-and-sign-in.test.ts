import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { createOrganization } from '@/app/setup/actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { POST as signOut } from '@/app/sign-out/route';
import { getDb } from '@/db';
import { auditLog, organizations, sessions, users } from '@/db/schema';
import { getCurrentSession } from '@/lib/auth/current';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

const setupFields = {
  orgName: 'Acme',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'Ada@Acme.test',
  password: STRONG_PASSWORD,
  confirmPassword: STRONG_PASSWORD,
};

describe('first-run setup', () => {
  it('refuses invalid input with every field error and writes nothing', async () => {
    const browser = new TestClient();
    const { result } = await browser.action(createOrganization, {
      orgName: '',
      firstName: 'Ada',
      lastName: '',
      email: 'not-an-email',
      password: 'short',
      confirmPassword: 'different',
    });
    expect(result?.status).toBe('error');
    expect(Object.keys(result?.fieldErrors ?? {})).toEqual(
      expect.arrayContaining(['orgName', 'lastName', 'email', 'password', 'confirmPassword']),
    );
    expect(result?.fieldErrors?.password).toContain('Use at least 8 characters.');
    expect(JSON.stringify(result)).not.toContain('short');
    expect(await (await getDb()).select().from(organizations)).toHaveLength(0);
  });

  it('refuses a common password that meets the rules', async () => {
    const browser = new TestClient();
    const { result } = await browser.action(createOrganization, {
      ...setupFields,
      password: 'Password1!',
      confirmPassword: 'Password1!',
    });
    expect(result?.fieldErrors?.password?.join(' ')).toMatch(/too common/);
    expect(await (await getDb()).select().from(organizations)).toHaveLength(0);
  });

  it('creates the organization and its owner, signs in, then answers 404', async () => {
    const browser = new TestClient();
    const outcome = await browser.action(createOrganization, setupFields);
    expect(outcome.redirect).toBe('/settings/profile');
    expect(browser.sessionCookie).toBeTruthy();

    const db = await getDb();
    const [owner] = await db.select().from(users);
    expect(owner.email).toBe('ada@acme.test');
    expect(owner.role).toBe('owner');
    expect(owner.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const entries = await db.select().from(auditLog).where(eq(auditLog.orgId, owner.orgId));
    expect(entries.map((e) => e.action)).toContain('org.created');

    const me = await browser.run(() => getCurrentSession());
    expect(me.result?.user.id).toBe(owner.id);

    const again = await new TestClient().action(createOrganization, { ...setupFields, email: 'eve@evil.test' });
    expect(again.notFound).toBe(true);
    expect(await db.select().from(organizations)).toHaveLength(1);
  });
});

describe('sign-in and sign-out', () => {
  it('answers a wrong password and an unknown email alike, and audits the known one', async () => {
    const wrong = await new TestClient().action(signInWithPassword, {
      email: 'ada@acme.test',
      password: 'Wr0ng!Password',
    });
    const unknown = await new TestClient().action(signInWithPassword, {
      email: 'nobody@acme.test',
      password: 'Wr0ng!Password',
    });
    expect(wrong.result?.status).toBe('error');
    expect(wrong.result?.message).toBe(unknown.result?.message);
    expect(wrong.result?.values?.email).toBe('ada@acme.test');
    expect(JSON.stringify(wrong.result)).not.toContain('Wr0ng');
    const db = await getDb();
    const failed = await db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_in_failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0].ip).toBe('203.0.113.10');
  });

  it('matches the email whatever its case and Unicode form', async () => {
    const browser = new TestClient();
    const outcome = await browser.action(signInWithPassword, {
      email: ' ＡＤＡ@acme.TEST ',
      password: STRONG_PASSWORD,
    });
    expect(outcome.redirect).toBe('/settings/profile');
  });

  it('creates a fresh session row per sign-in, follows a relative callback only, and signs out', async () => {
    const browser = new TestClient('198.51.100.4');
    const first = await browser.action(signInWithPassword, {
      email: 'ada@acme.test',
      password: STRONG_PASSWORD,
      callbackUrl: '/settings/general',
    });
    expect(first.redirect).toBe('/settings/general');
    const firstSid = (await browser.run(() => getCurrentSession())).result?.session.id;

    const second = await browser.action(signInWithPassword, {
      email: 'ada@acme.test',
      password: STRONG_PASSWORD,
      callbackUrl: 'https://evil.example/',
    });
    expect(second.redirect).toBe('/settings/profile');
    const current = (await browser.run(() => getCurrentSession())).result;
    expect(current?.session.id).not.toBe(firstSid);
    expect(current?.session.ip).toBe('198.51.100.4');

    const out = await browser.run(() => signOut());
    expect(out.result?.status).toBe(303);
    expect(out.result?.headers.get('location')).toBe('/sign-in');
    expect(browser.flash).toMatchObject({ status: 'success', key: 'signIn.notice.signedOut' });
    expect(browser.sessionCookie).toBeUndefined();
    const db = await getDb();
    expect(await db.select().from(sessions).where(eq(sessions.id, current!.session.id))).toHaveLength(0);
  });
});
