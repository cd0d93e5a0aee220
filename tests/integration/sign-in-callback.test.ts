import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { createOrganization } from '@/app/setup/actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { verifyMfa } from '@/app/sign-in/mfa/actions';
import MfaPage from '@/app/sign-in/mfa/page';
import SignInPage from '@/app/sign-in/page';
import { getDb } from '@/db';
import { users } from '@/db/schema';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, STRONG_PASSWORD } from '../support/fixtures';

// Pages wait for a request before reading the database; a test run is one.
vi.mock('next/server', async (importOriginal) => ({ ...(await importOriginal<object>()), connection: async () => {} }));

useTestDatabase();

const HOME = '/settings/profile';
const EMAIL = 'ada@callback.test';

// Each would send a signed-in user to another site, or break the Location header (a 500).
const ATTACKS = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/\r\nSet-Cookie: x=1',
  '/\u0000/evil.example',
  '/\u2028/evil.example',
  '/\u3000/evil.example',
  '/./\t/evil.example',
  '/.//evil.example',
  '/%2e//evil.example',
  '/%09/evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '//evil.example',
  'https://evil.example/',
];

/** What a browser would do with the answer: the redirect must stay on the app and be a valid header. */
function expectSafe(redirect: string | undefined, expected = HOME) {
  expect(redirect).toBe(expected);
  expect(() => new Headers({ location: redirect! })).not.toThrow();
}

let orgId: string;

beforeAll(async () => {
  const setup = await new TestClient().action(createOrganization, {
    orgName: 'Callback',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: EMAIL,
    password: STRONG_PASSWORD,
    confirmPassword: STRONG_PASSWORD,
  });
  expect(setup.redirect).toBe(HOME);
  const [owner] = await (await getDb()).select().from(users).where(eq(users.email, EMAIL));
  orgId = owner.orgId;
});

async function signedIn(): Promise<TestClient> {
  const browser = new TestClient('198.51.100.20');
  const outcome = await browser.action(signInWithPassword, { email: EMAIL, password: STRONG_PASSWORD });
  expect(outcome.redirect).toBe(HOME);
  return browser;
}

describe('callbackUrl after signing in', () => {
  it.each(ATTACKS.map((a) => [a]))('the sign-in action goes home for %j', async (callbackUrl) => {
    const browser = new TestClient('198.51.100.21');
    const outcome = await browser.action(signInWithPassword, { email: EMAIL, password: STRONG_PASSWORD, callbackUrl });
    expectSafe(outcome.redirect);
  });

  it.each(ATTACKS.map((a) => [a]))('the sign-in page sends a signed-in user home for %j', async (callbackUrl) => {
    const browser = await signedIn();
    const outcome = await browser.run(() => SignInPage({ searchParams: Promise.resolve({ callbackUrl }) }));
    expectSafe(outcome.redirect);
  });

  it('follows a same-origin path in its normalised form', async () => {
    const browser = await signedIn();
    const page = await browser.run(() =>
      SignInPage({ searchParams: Promise.resolve({ callbackUrl: '/org-settings/./users?q=a%20b' }) }),
    );
    expectSafe(page.redirect, '/org-settings/users?q=a%20b');
    const action = await new TestClient().action(signInWithPassword, {
      email: EMAIL,
      password: STRONG_PASSWORD,
      callbackUrl: '/settings/../settings/general',
    });
    expectSafe(action.redirect, '/settings/general');
  });

  it('answers the page for a repeated callbackUrl or an odd notice', async () => {
    const browser = await signedIn();
    const page = await browser.run(() =>
      SignInPage({ searchParams: Promise.resolve({ callbackUrl: ['/settings/general', '//evil.example'] }) }),
    );
    expectSafe(page.redirect);
    const signedOut = await new TestClient().run(() =>
      SignInPage({ searchParams: Promise.resolve({ callbackUrl: '/\r\n/evil.example', notice: 'constructor' }) }),
    );
    expect(signedOut.redirect).toBeUndefined();
    expect(signedOut.result).toBeTruthy();
  });

  it.each(ATTACKS.map((a) => [a]))('the two-factor page and action go home for %j', async (callbackUrl) => {
    const browser = await signedIn();
    // A session past (or without) the second step is sent on at once.
    const page = await browser.run(() => MfaPage({ searchParams: Promise.resolve({ callbackUrl }) }));
    expectSafe(page.redirect);
    const action = await browser.action(verifyMfa, { code: '123456', callbackUrl });
    expectSafe(action.redirect);
  });

  it('passes only the safe path on to the two-factor step', async () => {
    const email = 'grace@callback.test';
    await addUser(orgId, { email });
    await (await getDb()).update(users).set({ mfaEnabled: true }).where(eq(users.email, email));
    const browser = new TestClient('198.51.100.22');
    const outcome = await browser.action(signInWithPassword, {
      email,
      password: STRONG_PASSWORD,
      callbackUrl: '/\t/evil.example',
    });
    expectSafe(outcome.redirect, `/sign-in/mfa?callbackUrl=${encodeURIComponent(HOME)}`);
    const page = await browser.run(() =>
      MfaPage({ searchParams: Promise.resolve({ callbackUrl: '/\n/evil.example' }) }),
    );
    expect(page.redirect).toBeUndefined();
  });
});
