import { desc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { inviteUser } from '@/app/(org)/org-settings/users/new/actions';
import { acceptInvitation } from '@/app/invite/[token]/actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { mailOutbox, users } from '@/db/schema';
import { getCurrentSession } from '@/lib/auth/current';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

let owner: TestClient;
let orgId: string;

beforeAll(async () => {
  orgId = (await createOrgWithUser({ orgName: 'Bound', email: 'olga@bound.test', role: 'owner' })).org.id;
  owner = new TestClient();
  expect(
    (await owner.action(signInWithPassword, { email: 'olga@bound.test', password: STRONG_PASSWORD })).redirect,
  ).toBe('/settings/profile');
});

/** The token of the newest invitation mailed to `email`. */
async function invitationToken(email: string, role: 'member' | 'admin'): Promise<string> {
  const outcome = await owner.action(inviteUser, { email, firstName: 'Ida', lastName: 'Invitee', role });
  expect(outcome.redirect).toBe('/org-settings/users');
  const [mail] = await (
    await getDb()
  )
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, email))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  return /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
}

describe('an invitation is bound to its address', () => {
  it('creates the account for the invited address, whatever address the form posts', async () => {
    const token = await invitationToken('ida@bound.test', 'admin');
    const browser = new TestClient();
    const outcome = await browser.action(acceptInvitation, {
      token,
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
      // The form's read-only username field, and an address someone slipped in.
      username: 'mallory@evil.test',
      email: 'mallory@evil.test',
    });
    expect(outcome.redirect).toBe('/settings/profile');
    const me = (await browser.run(() => getCurrentSession())).result;
    expect(me?.user.email).toBe('ida@bound.test');
    expect(me?.user.role).toBe('admin');
    expect(me?.org.id).toBe(orgId);
    const accounts = await (
      await getDb()
    )
      .select({ email: users.email })
      .from(users)
      .where(inArray(users.email, ['ida@bound.test', 'mallory@evil.test']));
    expect(accounts.map((a) => a.email)).toEqual(['ida@bound.test']);
  });
});
