import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { updateProfile } from '@/app/(account)/settings/profile/actions';
import { changeRole } from '@/app/(org)/org-settings/users/[id]/actions';
import { inviteUser } from '@/app/(org)/org-settings/users/new/actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { users } from '@/db/schema';
import * as sessionStore from '@/lib/auth/session-store';
import { translatorFor } from '@/lib/i18n/server';
import { profileFormFields, profileFormValues } from '@/lib/profile/form-values';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

// Counts the session loads: every action loads the signed-in user's session once, and says its
// answer in that user's language from it, not from a second load.
vi.mock('@/lib/auth/session-store', async (importOriginal) => {
  const actual = await importOriginal<typeof sessionStore>();
  return { ...actual, loadLiveSession: vi.fn(actual.loadLiveSession) };
});

useTestDatabase();

let adaId: string;
let graceId: string;
let ada: TestClient;

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ email: 'ada@session-once.example', role: 'owner' });
  adaId = user.id;
  graceId = (await addUser(org.id, { email: 'grace@session-once.example' })).id;
  ada = new TestClient('203.0.113.61');
  // The browser asks for English; Ada chose German.
  ada.acceptLanguage = 'en';
  const signedIn = await ada.action(signInWithPassword, {
    email: 'ada@session-once.example',
    password: STRONG_PASSWORD,
  });
  expect(signedIn.redirect).toBe('/settings/profile');
  await (await getDb()).update(users).set({ locale: 'de' }).where(eq(users.id, adaId));
});

async function sessionLoadsOf(run: () => Promise<unknown>): Promise<number> {
  const loads = vi.mocked(sessionStore.loadLiveSession);
  loads.mockClear();
  await run();
  return loads.mock.calls.length;
}

describe('a server action and the session', () => {
  it('a user action loads the session once and answers in the user’s language', async () => {
    const user = await getUser(adaId);
    const fields = { ...profileFormFields(profileFormValues(user)), jobTitle: 'Engineer' };
    let answer: Awaited<ReturnType<typeof ada.action>> | undefined;
    expect(await sessionLoadsOf(async () => (answer = await ada.action(updateProfile, fields)))).toBe(1);
    expect(answer?.result).toMatchObject({ status: 'success', message: translatorFor('de')('profile.saved') });
    expect((await getUser(adaId)).jobTitle).toBe('Engineer');
  });

  it('a refused form is answered in the user’s language, from the same single load', async () => {
    const user = await getUser(adaId);
    const fields = { ...profileFormFields(profileFormValues(user)), firstName: '' };
    let answer: Awaited<ReturnType<typeof ada.action>> | undefined;
    expect(await sessionLoadsOf(async () => (answer = await ada.action(updateProfile, fields)))).toBe(1);
    expect(answer?.result).toMatchObject({ status: 'error', message: translatorFor('de')('errors.checkFields') });
  });

  it('an organization action loads the session once', async () => {
    let answer: Awaited<ReturnType<typeof ada.action>> | undefined;
    const loads = await sessionLoadsOf(
      async () => (answer = await ada.action(changeRole, { userId: graceId, role: 'admin' })),
    );
    expect(answer?.result?.status).toBe('success');
    expect(loads).toBe(1);
    expect((await getUser(graceId)).role).toBe('admin');
  });

  it('an invitation, which asks for the inviter’s permissions after sending, loads the session once', async () => {
    let answer: Awaited<ReturnType<typeof ada.action>> | undefined;
    const fields = { email: 'ida@session-once.example', firstName: 'Ida', lastName: 'Invitee', role: 'member' };
    expect(await sessionLoadsOf(async () => (answer = await ada.action(inviteUser, fields)))).toBe(1);
    expect(answer?.redirect).toBe('/org-settings/users');
  });
});
