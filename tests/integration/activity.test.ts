import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { markAllRead as markAllReadAction, markRead as markReadAction } from '@/app/(account)/notifications/actions';
import ActivityPage from '@/app/(account)/notifications/page';
import { GET as unreadRoute } from '@/app/(account)/notifications/unread/route';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { notifications, users } from '@/db/schema';
import {
  ACTIVITY_PAGE_SIZE,
  decodeCursor,
  listNotifications,
  markAllRead,
  markRead,
  purgeOldNotifications,
  unreadCount,
} from '@/lib/notifications/activity';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

type Person = { id: string; orgId: string };
const people = {} as Record<'ann' | 'bob' | 'cat' | 'dan' | 'eve' | 'outsider', Person>;
const MADE_UP = '00000000-0000-4000-8000-000000000000';
const DAY = 24 * 60 * 60 * 1000;

type Row = Partial<typeof notifications.$inferInsert>;

async function add(person: Person, rows: Row[]): Promise<string[]> {
  const db = await getDb();
  const made = await db
    .insert(notifications)
    .values(
      rows.map((row, i) => ({ orgId: person.orgId, userId: person.id, event: 'mention', title: `N${i}`, ...row })),
    )
    .returning({ id: notifications.id });
  return made.map((r) => r.id);
}

const rowOf = async (id: string) =>
  (await (await getDb()).select().from(notifications).where(eq(notifications.id, id)))[0];

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

const html = async (browser: TestClient, before?: string) => {
  browser.path = '/notifications';
  const searchParams = Promise.resolve(before ? { before } : {});
  return ((await renderHtml(browser, () => ActivityPage({ searchParams }))).result ?? '').replace(/<!-- -->/g, '');
};

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Activity Org', email: 'ann@activity.test', role: 'owner' });
  people.ann = user;
  for (const name of ['bob', 'cat', 'dan', 'eve'] as const) {
    people[name] = await addUser(org.id, { email: `${name}@activity.test` });
  }
  people.outsider = (await createOrgWithUser({ orgName: 'Elsewhere', email: 'out@elsewhere.test' })).user;
  const db = await getDb();
  // Dates in the person's own zone on the page.
  await db.update(users).set({ timeZone: 'Europe/Berlin' }).where(eq(users.id, people.ann.id));
});

describe('unread count', () => {
  it('counts only the person’s unread in-app notifications, up to 100', async () => {
    const db = await getDb();
    expect(await unreadCount(db, people.bob)).toBe(0);
    await add(people.bob, [{}, {}, {}, { readAt: new Date() }, { inApp: false }]);
    await add(people.cat, [{}, {}]);
    await add(people.outsider, [{}]);
    expect(await unreadCount(db, people.bob)).toBe(3);
    expect(await unreadCount(db, people.cat)).toBe(2);

    await add(
      people.cat,
      Array.from({ length: 150 }, () => ({})),
    );
    expect(await unreadCount(db, people.cat)).toBe(100);
  });
});

describe('pages', () => {
  it('lists newest first in pages of 20 with a cursor, ties in the same instant included once', async () => {
    const db = await getDb();
    const base = Date.parse('2026-11-01T10:00:00Z');
    // 45 rows; every five share one instant, so only the id orders them.
    const ids = await add(
      people.dan,
      Array.from({ length: 45 }, (_, i) => ({
        title: `Dan ${i}`,
        createdAt: new Date(base + Math.floor(i / 5) * 1000),
      })),
    );
    await add(people.dan, [{ title: 'Hidden', inApp: false, createdAt: new Date(base + 60_000) }]);
    await add(people.eve, [{ title: 'Not Dan’s', createdAt: new Date(base + 60_000) }]);

    const first = await listNotifications(db, people.dan);
    expect(first.items).toHaveLength(ACTIVITY_PAGE_SIZE);
    expect(first.older).not.toBeNull();
    const second = await listNotifications(db, people.dan, { before: first.older });
    expect(second.items).toHaveLength(ACTIVITY_PAGE_SIZE);
    const third = await listNotifications(db, people.dan, { before: second.older });
    expect(third.items).toHaveLength(5);
    expect(third.older).toBeNull();

    const all = [...first.items, ...second.items, ...third.items];
    expect(new Set(all.map((n) => n.id)).size).toBe(45);
    expect(all.map((n) => n.id).sort()).toEqual([...ids].sort());
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      const order = b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1);
      expect(order, `${a.title} before ${b.title}`).toBeLessThan(0);
    }
    expect(all.map((n) => n.title)).not.toContain('Hidden');
    expect(all.map((n) => n.title)).not.toContain('Not Dan’s');
  });

  it('keeps microseconds in the cursor, so rows within one millisecond are not skipped', async () => {
    const db = await getDb();
    const person = await addUser(people.ann.orgId, { email: 'micro@activity.test' });
    const made = await add(
      person,
      Array.from({ length: 25 }, (_, i) => ({ title: `M${i}` })),
    );
    // Microseconds apart within one millisecond, which a JavaScript Date cannot hold.
    await db
      .update(notifications)
      .set({
        createdAt: sql`timestamptz '2026-11-02 08:00:00.123000+00' + interval '1 microsecond' * substr(${notifications.title}, 2)::int`,
      })
      .where(eq(notifications.userId, person.id));
    const first = await listNotifications(db, person);
    const second = await listNotifications(db, person, { before: first.older });
    expect(new Set([...first.items, ...second.items].map((n) => n.id)).size).toBe(made.length);
  });

  it('reads a cursor that is not one as the first page', async () => {
    const db = await getDb();
    const newest = (await listNotifications(db, people.dan)).items[0].id;
    for (const before of ['nonsense', '', 'x'.repeat(500), Buffer.from('2026|x').toString('base64url')]) {
      expect(decodeCursor(before)).toBeNull();
      expect((await listNotifications(db, people.dan, { before })).items[0].id).toBe(newest);
    }
  });
});

describe('marking read', () => {
  it('marks one of the person’s own; someone else’s or a made-up id is not found and changes nothing', async () => {
    const db = await getDb();
    const [mine, alreadyRead] = await add(people.eve, [{ title: 'Mine' }, { title: 'Read', readAt: new Date(0) }]);
    const [colleague] = await add(people.bob, [{ title: 'Bob’s' }]);
    const [foreign] = await add(people.outsider, [{ title: 'Foreign' }]);
    const [silent] = await add(people.eve, [{ title: 'Email only', inApp: false }]);

    for (const id of [colleague, foreign, silent, MADE_UP, 'not-a-uuid', '']) {
      expect(await markRead(db, people.eve, id), id).toEqual({ ok: false, error: 'notFound' });
    }
    expect((await rowOf(colleague)).readAt).toBeNull();
    expect((await rowOf(foreign)).readAt).toBeNull();
    expect((await rowOf(silent)).readAt).toBeNull();

    expect(await markRead(db, people.eve, mine)).toEqual({ ok: true });
    expect((await rowOf(mine)).readAt).toBeInstanceOf(Date);
    // Already read: found, and its time stays.
    expect(await markRead(db, people.eve, alreadyRead)).toEqual({ ok: true });
    expect((await rowOf(alreadyRead)).readAt?.getTime()).toBe(0);
  });

  it('marks all of the person’s own read and nobody else’s', async () => {
    const db = await getDb();
    const before = await unreadCount(db, people.bob);
    expect(before).toBeGreaterThan(0);
    const catBefore = await unreadCount(db, people.cat);
    expect(await markAllRead(db, people.bob)).toBe(before);
    expect(await unreadCount(db, people.bob)).toBe(0);
    expect(await unreadCount(db, people.cat)).toBe(catBefore);
    expect(await markAllRead(db, people.bob)).toBe(0);
  });

  it('through the plain forms: flash, back to the same page, foreign ids not found', async () => {
    const browser = await signIn('eve@activity.test');
    const db = await getDb();
    const [one, two] = await add(people.eve, [{ title: 'Form one' }, { title: 'Form two' }]);
    const [foreign] = await add(people.outsider, [{ title: 'Not Eve’s' }]);

    const refused = await browser.run(() => markReadAction(toFormData({ notificationId: foreign })));
    expect(refused.redirect).toBe('/notifications');
    expect(browser.flash).toMatchObject({ status: 'error', key: 'activity.notFound' });
    expect((await rowOf(foreign)).readAt).toBeNull();
    const garbage = await browser.run(() => markReadAction(toFormData({ notificationId: 'nope' })));
    expect(garbage.redirect).toBeUndefined();

    const cursor = Buffer.from(`2026-11-01T10:00:00.000000Z|${MADE_UP}`).toString('base64url');
    const done = await browser.run(() => markReadAction(toFormData({ notificationId: one, before: cursor })));
    expect(done.redirect).toBe(`/notifications?before=${cursor}`);
    expect(browser.flash).toMatchObject({ status: 'success', key: 'activity.markedRead' });
    expect((await rowOf(one)).readAt).not.toBeNull();

    const all = await browser.run(() => markAllReadAction(toFormData({ before: 'not a cursor' })));
    expect(all.redirect).toBe('/notifications');
    expect(browser.flash).toMatchObject({ status: 'success', key: 'activity.allMarkedRead' });
    expect((await rowOf(two)).readAt).not.toBeNull();
    expect(await unreadCount(db, people.eve)).toBe(0);
  });
});

describe('the page and the bell', () => {
  it('shows the person’s notifications with the unread count, safe links only, times in their zone', async () => {
    const db = await getDb();
    const ann = people.ann;
    await add(ann, [
      {
        title: 'Task assigned',
        body: 'Call the supplier',
        url: '/settings/profile',
        createdAt: new Date('2026-11-03T09:30:00Z'),
      },
      { title: 'Sneaky', url: 'javascript:alert(1)', createdAt: new Date('2026-11-03T09:31:00Z') },
      { title: 'External', url: 'https://tasks.example.com/t/1', createdAt: new Date('2026-11-03T09:32:00Z') },
      { title: 'Seen already', readAt: new Date(), createdAt: new Date('2026-11-03T09:29:00Z') },
      { title: 'Other person’s', userId: people.bob.id, createdAt: new Date('2026-11-03T09:33:00Z') },
    ]);
    const browser = await signIn('ann@activity.test');
    const text = await html(browser);
    expect(text).toContain('<h1');
    expect(text).toContain('Activity</h1>');
    expect(text).toContain('aria-label="Activity, 3 unread"');
    expect(text).toContain('Task assigned');
    expect(text).toContain('Call the supplier');
    expect(text).toContain('href="/settings/profile"');
    expect(text).toContain('href="https://tasks.example.com/t/1"');
    expect(text).not.toContain('href="javascript:');
    expect(text).toContain('Sneaky');
    expect(text).not.toContain('Other person’s');
    // 09:30 UTC is 10:30 in Berlin.
    expect(text).toContain('10:30');
    expect(text.match(/>Mark as read</g)).toHaveLength(3);
    expect(text).toContain('Mark all as read');
    expect(text).not.toContain('>Older<');
    // Newest first.
    expect(text.indexOf('External')).toBeLessThan(text.indexOf('Sneaky'));
    expect(text.indexOf('Sneaky')).toBeLessThan(text.indexOf('Task assigned'));
    expect(text.indexOf('Task assigned')).toBeLessThan(text.indexOf('Seen already'));

    // The bell's route answers the same count.
    const answer = await browser.run(() => unreadRoute(new Request('http://localhost:3000/notifications/unread')));
    expect(answer.result?.status).toBe(200);
    expect(await answer.result?.json()).toEqual({ count: 3 });

    await markAllRead(db, ann);
    const after = await html(browser);
    expect(after).toContain('aria-label="Activity"');
    expect(after).not.toContain('Mark all as read');
    expect(after).not.toContain('>Mark as read<');
  });

  it('pages with "Older" and shows the empty state; the route refuses a signed-out visitor', async () => {
    const dan = await signIn('dan@activity.test');
    const first = await html(dan);
    expect(first).toContain('>Older<');
    const older = /href="\/notifications\?before=([^"]+)"/.exec(first)?.[1];
    expect(older).toBeTruthy();
    const second = await html(dan, decodeURIComponent(older!));
    expect(second).toContain('Dan 24');
    expect(second).not.toContain('Dan 25<');
    expect(second).toContain('>Newest<');

    const cat = await signIn('cat@activity.test');
    expect(await html(cat)).toContain('aria-label="Activity, 99+ unread"');

    const nobody = await addUser(people.ann.orgId, { email: 'quiet@activity.test' });
    expect(nobody.id).toBeTruthy();
    const quiet = await signIn('quiet@activity.test');
    const empty = await html(quiet);
    expect(empty).toContain('Nothing here yet.');
    expect(empty).toContain('aria-label="Activity"');

    const visitor = new TestClient();
    const refused = await visitor.run(() => unreadRoute(new Request('http://localhost:3000/notifications/unread')));
    expect(refused.result?.status).toBe(404);
  });
});

describe('purge', () => {
  it('deletes what is older than 90 days, for everyone, and says how many', async () => {
    const db = await getDb();
    const now = new Date('2027-03-01T12:00:00Z');
    const [old, older] = await add(people.eve, [
      { title: 'Old', createdAt: new Date(now.getTime() - 90 * DAY - 1000) },
      { title: 'Older', createdAt: new Date(now.getTime() - 200 * DAY) },
    ]);
    const [kept, edge] = await add(people.outsider, [
      { title: 'Recent', createdAt: new Date(now.getTime() - 89 * DAY) },
      { title: 'Exactly 90 days', createdAt: new Date(now.getTime() - 90 * DAY) },
    ]);
    const [foreignOld] = await add(people.outsider, [
      { title: 'Old too', createdAt: new Date(now.getTime() - 91 * DAY) },
    ]);
    // Everything else the tests made is from 2026-11 (or now), over 90 days before this `now`
    // only when made in 2026-11: count those too.
    const expected = (
      await db.select({ id: notifications.id, createdAt: notifications.createdAt }).from(notifications)
    ).filter((r) => r.createdAt.getTime() < now.getTime() - 90 * DAY).length;
    expect(await purgeOldNotifications(db, now)).toBe(expected);
    const left = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(inArray(notifications.id, [old, older, kept, edge, foreignOld]));
    expect(left.map((r) => r.id).sort()).toEqual([kept, edge].sort());
    expect(await purgeOldNotifications(db, now)).toBe(0);
  });
});
