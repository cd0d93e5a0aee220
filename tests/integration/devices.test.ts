import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { saveDevices } from '@/app/(account)/settings/devices/actions';
import DevicesPage from '@/app/(account)/settings/devices/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { organizations, users } from '@/db/schema';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

let orgId: string;
let meId: string;
let otherId: string;
let strangerOrgId: string;
let strangerId: string;
const ME = 'hedy@lamarr.test';
const MIC = 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778';
const SPEAKER = 'f00dbabe00112233445566778899aabbccddeeff00112233445566778899aabb';

async function signIn() {
  const browser = new TestClient();
  const outcome = await browser.action(signInWithPassword, { email: ME, password: STRONG_PASSWORD });
  expect(outcome.redirect).toBe('/settings/profile');
  return browser;
}

async function getOrg(id: string) {
  const [org] = await (await getDb()).select().from(organizations).where(eq(organizations.id, id));
  return org;
}

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Frequency Hopping', email: ME, role: 'member' });
  orgId = org.id;
  meId = user.id;
  otherId = (await addUser(org.id, { email: 'george@lamarr.test' })).id;
  const elsewhere = await createOrgWithUser({
    orgName: 'Torpedo Works',
    email: 'stranger@torpedo.test',
    role: 'owner',
  });
  strangerOrgId = elsewhere.org.id;
  strangerId = elsewhere.user.id;
});

describe('saving devices', () => {
  it('stores the chosen ids with their names', async () => {
    const browser = await signIn();
    const { result } = await browser.action(saveDevices, {
      microphoneId: MIC,
      microphoneLabel: 'Jabra Evolve 75 (0b0e:1234)',
      speakerId: SPEAKER,
      speakerLabel: 'Built-in Audio Analog Stereo',
    });
    expect(result).toMatchObject({ status: 'success', message: 'Devices saved.' });
    expect((await getUser(meId)).devices).toEqual({
      microphoneId: MIC,
      microphoneLabel: 'Jabra Evolve 75 (0b0e:1234)',
      speakerId: SPEAKER,
      speakerLabel: 'Built-in Audio Analog Stereo',
    });
  });

  it('stores the system default as no choice, and drops a name without its id', async () => {
    const browser = await signIn();
    await browser.action(saveDevices, {
      microphoneId: '',
      microphoneLabel: 'Stale name',
      speakerId: SPEAKER,
      speakerLabel: '',
    });
    expect((await getUser(meId)).devices).toEqual({ speakerId: SPEAKER });
    await browser.action(saveDevices, {});
    expect((await getUser(meId)).devices).toEqual({});
  });

  it('refuses over-long or malformed values and changes nothing', async () => {
    const browser = await signIn();
    await browser.action(saveDevices, { microphoneId: MIC, microphoneLabel: 'Jabra' });
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ microphoneId: 'x'.repeat(201) }, 'microphoneId', 'This is too long.'],
      [{ speakerId: 'y'.repeat(5000) }, 'speakerId', 'This is too long.'],
      [{ microphoneId: MIC, microphoneLabel: 'n'.repeat(201) }, 'microphoneLabel', 'This is too long.'],
      [
        { speakerId: SPEAKER, speakerLabel: 'Speaker\u0000' },
        'speakerLabel',
        'Remove the control or invisible direction characters from this field.',
      ],
      [{ microphoneId: 'abc\ndef' }, 'microphoneId', 'This device id is not valid.'],
    ];
    for (const [fields, field, message] of cases) {
      const { result } = await browser.action(saveDevices, fields);
      expect(result?.status, field).toBe('error');
      expect(result?.fieldErrors?.[field], field).toEqual([message]);
    }
    expect((await getUser(meId)).devices).toEqual({ microphoneId: MIC, microphoneLabel: 'Jabra' });
  });

  it('changes only the signed-in user, whatever ids are posted', async () => {
    const browser = await signIn();
    await browser.action(saveDevices, { microphoneId: 'default', userId: otherId, id: otherId });
    expect((await getUser(meId)).devices).toEqual({ microphoneId: 'default' });
    expect((await getUser(otherId)).devices).toEqual({});
  });

  it("changes nothing in another organization or its users' rows when their ids are posted", async () => {
    await (
      await getDb()
    )
      .update(users)
      .set({ devices: { speakerId: SPEAKER } })
      .where(eq(users.id, strangerId));
    const browser = await signIn();
    const snapshot = () => Promise.all([getUser(otherId), getUser(strangerId), getOrg(orgId), getOrg(strangerOrgId)]);
    const before = await snapshot();

    const posted = {
      microphoneId: MIC,
      microphoneLabel: 'Jabra',
      id: strangerId,
      userId: strangerId,
      orgId: strangerOrgId,
    };
    expect((await browser.action(saveDevices, posted)).result?.status).toBe('success');
    const mixed = { speakerId: 'default', id: otherId, userId: strangerId, orgId: strangerOrgId };
    expect((await browser.action(saveDevices, mixed)).result?.status).toBe('success');

    const me = await getUser(meId);
    expect(me.devices).toEqual({ speakerId: 'default' });
    expect(me.orgId).toBe(orgId);
    expect(await snapshot()).toEqual(before);
    expect(before[1].devices).toEqual({ speakerId: SPEAKER });
  });

  it('needs a session', async () => {
    const { redirect } = await new TestClient().action(saveDevices, { microphoneId: MIC });
    expect(redirect).toBe('/sign-in');
    const page = await new TestClient().run(() => DevicesPage());
    expect(page.redirect).toBe('/sign-in');
  });

  it('hands the saved choice to the page', async () => {
    const browser = await signIn();
    await browser.action(saveDevices, {
      microphoneId: MIC,
      microphoneLabel: 'Jabra',
      speakerId: SPEAKER,
      speakerLabel: 'Desk speaker',
    });
    const { result } = await browser.run(() => DevicesPage());
    expect(JSON.stringify(result)).toContain('Desk speaker');
  });
});
