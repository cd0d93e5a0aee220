import { and, desc, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { getDb } from '@/db';
import { mailOutbox, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { LOCALES } from '@/lib/i18n/config';
import { createOrganizationWithOwnerInvite } from '@/lib/org/create-org';
import { applyNewPassword, requestPasswordReset, resetPassword } from '@/lib/security/password-reset';
import { hashPin, PIN_MAX_FAILURES, verifyUserPin } from '@/lib/security/pin';
import { queueSecurityMail, type SecurityMail } from '@/lib/security/security-mail';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser } from '../support/fixtures';

useTestDatabase();

const META = { ip: '203.0.113.7', userAgent: 'Firefox', requestId: null };
/** 14:05 in Berlin, 16:05 in Moscow: a past moment, so a password changed then is older than a later link. */
const PAST = new Date('2026-01-12T13:05:00Z');
/** 12:05 in Berlin (summer time): a reset link asked for then has not expired yet. */
const FUTURE = new Date('2099-07-01T10:05:00Z');

let orgId: string;
let greta: typeof users.$inferSelect;
let ivan: typeof users.$inferSelect;

async function speaking(userId: string, locale: string, timeZone: string | null) {
  const [row] = await (await getDb()).update(users).set({ locale, timeZone }).where(eq(users.id, userId)).returning();
  return row;
}

async function mailsTo(to: string) {
  return (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt));
}

/** Only Date is faked: the database driver keeps its real timers. */
function freezeClock(at: Date) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
}

afterEach(() => {
  vi.useRealTimers();
});

beforeAll(async () => {
  ({
    org: { id: orgId },
  } = await createOrgWithUser({ orgName: 'Sprachen GmbH', email: 'owner@lang.test' }));
  greta = await speaking(
    (await addUser(orgId, { email: 'greta@lang.test', firstName: 'Greta' })).id,
    'de',
    'Europe/Berlin',
  );
  ivan = await speaking(
    (await addUser(orgId, { email: 'ivan@lang.test', firstName: 'Иван' })).id,
    'ru',
    'Europe/Moscow',
  );
});

describe('mail in the recipient’s language', () => {
  it('tells a German-speaking user of a password change in German, at their local time', async () => {
    const db = await getDb();
    const passwordHash = await hashPassword('An0ther!Secret-pw');
    freezeClock(PAST);
    await db.transaction((tx) => applyNewPassword(tx, greta, passwordHash, { kind: 'password.changed', meta: META }));
    vi.useRealTimers();

    const [mail] = await mailsTo('greta@lang.test');
    expect(mail.subject).toBe('Ihr Roster-Passwort wurde geändert');
    expect(mail.text).toContain('Hallo Greta,\n\ndas Passwort Ihres Roster-Kontos wurde soeben geändert.');
    expect(mail.text).toContain('Zeitpunkt: 12.01.2026, 14:05 (Europe/Berlin)');
    expect(mail.text).toContain('Von: 203.0.113.7 (Firefox)');
    expect(mail.text).toContain('http://localhost:3000/forgot-password');
    expect(mail.text).toContain('kann nicht abbestellt werden');
    expect(mail.text).not.toMatch(/Hello|was changed|session/);
  });

  it('sends a German-speaking user the reset link and the reset notice in German', async () => {
    const db = await getDb();
    freezeClock(FUTURE);
    expect(await requestPasswordReset(db, 'Greta@lang.test', META)).toBe(true);
    vi.useRealTimers();

    const request = (await mailsTo('greta@lang.test')).find((m) => m.subject === 'Ihr Roster-Passwort zurücksetzen');
    expect(request).toBeDefined();
    expect(request!.text).toMatch(/^Hallo Greta,\n\njemand \(hoffentlich Sie\) hat verlangt/);
    expect(request!.text).toContain('30 Minuten lang: bis 01.07.2099, 12:35 (Europe/Berlin)');
    const token = /http:\/\/localhost:3000\/reset-password\/([A-Za-z0-9_-]{43})\n/.exec(request!.text)?.[1];
    expect(token).toBeTruthy();

    expect(await resetPassword(db, token!, 'Y3t-An0ther!Secret', META)).toBe(true);
    const notice = (await mailsTo('greta@lang.test')).find(
      (m) => m.subject === 'Ihr Roster-Passwort wurde zurückgesetzt',
    );
    expect(notice?.text).toContain('über einen Link zurückgesetzt');
  });

  it('tells a Russian-speaking user in Russian that their phone PIN was locked', async () => {
    const db = await getDb();
    await db
      .update(users)
      .set({ pinHash: await hashPin('4826') })
      .where(eq(users.id, ivan.id));
    freezeClock(PAST);
    for (let i = 0; i < PIN_MAX_FAILURES; i++)
      await verifyUserPin(db, { orgId, userId: ivan.id, pin: '9999', actorUserId: null, meta: META });
    vi.useRealTimers();

    const mails = await mailsTo('ivan@lang.test');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('PIN-код для телефона заблокирован');
    expect(mails[0].text).toContain('Здравствуйте, Иван!');
    expect(mails[0].text).toContain(`неверно ${PIN_MAX_FAILURES} раз подряд`);
    expect(mails[0].text).toContain('«Настройки → Безопасность»');
    expect(mails[0].text).toContain('Время: 12 янв. 2026 г., 16:05 (Europe/Moscow)');
  });

  it('invites the owner of a new organization in the language asked for, English otherwise', async () => {
    const db = await getDb();
    const german = await createOrganizationWithOwnerInvite(db, {
      name: 'Wunder AG',
      ownerEmail: 'chefin@lang.test',
      locale: 'de',
    });
    const [de] = await mailsTo('chefin@lang.test');
    expect(de.subject).toBe('Sie sind eingeladen, Wunder AG auf Roster zu verwalten');
    expect(de.text).toContain('die Organisation „Wunder AG“ angelegt');
    expect(de.text).toContain(`${german.link}\n\nDer Link ist 7 Tage gültig.`);

    await createOrganizationWithOwnerInvite(db, { name: 'Wonder Inc', ownerEmail: 'boss@lang.test' });
    const [en] = await mailsTo('boss@lang.test');
    expect(en.subject).toBe("You're invited to manage Wonder Inc on Roster");
    expect(en.text).toContain('The link is valid for 7 days.');
  });

  it('has every security notice in every language, and shows UTC to a user without a zone', async () => {
    const db = await getDb();
    const kinds: SecurityMail[] = [
      'password.changed',
      'password.reset',
      'mfa.enabled',
      'mfa.disabled',
      'mfa.backup_code_used',
      'mfa.backup_codes_regenerated',
      'pin.changed',
    ];
    for (const locale of LOCALES) {
      const email = `notices-${locale}@lang.test`;
      const user = await speaking((await addUser(orgId, { email })).id, locale, null);
      await db.transaction(async (tx) => {
        for (const kind of kinds) await queueSecurityMail(tx, kind, user);
      });
      const mails = await mailsTo(email);
      expect(new Set(mails.map((m) => m.subject)).size, locale).toBe(kinds.length);
      for (const mail of mails) {
        // A missing key would come out as its path, e.g. "mail.security.pinChanged.body".
        expect(`${mail.subject}\n${mail.text}`, `${locale}: ${mail.subject}`).not.toMatch(/mail\.|\{|\}/);
        expect(mail.text).toContain('(UTC)');
        expect(mail.text).not.toContain('203.0.113.7');
      }
    }
    const english = await (
      await getDb()
    )
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, 'notices-en@lang.test'), eq(mailOutbox.subject, 'Your phone PIN was changed')));
    expect(english).toHaveLength(1);
  });
});
