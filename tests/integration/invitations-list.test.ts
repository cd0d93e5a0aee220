import { and, eq, sql } from 'drizzle-orm';
import { createElement, type ComponentProps, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';

import { revokeInvitation } from '@/app/(org)/org-settings/users/invitation-actions';
import UsersPage from '@/app/(org)/org-settings/users/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { groups, invitations, roles, users, type ManagedRole } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import { getRequestIntl } from '@/lib/i18n/server';
import { hashToken } from '@/lib/org/invitations';
import { invitationListWhere, listInvitations, parseInvitationListQuery } from '@/lib/org/invitations-query';
import { USER_PAGE_SIZE } from '@/lib/org/users-query';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { createAcmeStaff, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

/** Pending invitations of Acme made in bulk: enough for two pages. */
const BULK = 30;
let acme: string;
let globex: string;
const id = {} as Record<
  'owner' | 'admin' | 'member' | 'reader' | 'revoked' | 'accepted' | 'expired' | 'zoe' | 'newest',
  string
>;
const as = {} as Record<'owner' | 'admin' | 'member' | 'reader' | 'stranger', TestClient>;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

let seq = 0;
async function addInvitation(
  orgId: string,
  input: {
    email: string;
    firstName?: string;
    lastName?: string;
    role?: ManagedRole;
    minutesAgo?: number;
    expiresInMinutes?: number;
    invitedByUserId?: string | null;
  },
  state: { acceptedAt?: Date; revokedAt?: Date } = {},
) {
  const now = Date.now();
  const [row] = await (
    await getDb()
  )
    .insert(invitations)
    .values({
      orgId,
      email: input.email,
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      role: input.role ?? 'member',
      tokenHash: hashToken(`token-${++seq}`),
      invitedByUserId: input.invitedByUserId ?? null,
      createdAt: new Date(now - (input.minutesAgo ?? 0) * 60_000),
      expiresAt: new Date(now + (input.expiresInMinutes ?? 7 * 24 * 60) * 60_000),
      ...state,
    })
    .returning();
  return row;
}

const list = async (orgId: string, params: Record<string, string> = {}) =>
  listInvitations(await getDb(), orgId, parseInvitationListQuery(params));
const emails = async (orgId: string, params: Record<string, string> = {}) =>
  (await list(orgId, params)).rows.map((r) => r.email);

/** The users page as the signed-in viewer sees it, in their language and zone. */
async function page(browser: TestClient, search: Record<string, string> = {}) {
  const outcome = await browser.run(async () => {
    const { locale, timeZone } = await getRequestIntl();
    const tree: ReactNode = await UsersPage({ searchParams: Promise.resolve(search) });
    const props = { locale, timeZone, messages: compiledMessagesFor(locale) } as ComponentProps<typeof IntlProvider>;
    const stream = await renderToReadableStream(createElement(IntlProvider, props, tree));
    await stream.allReady;
    return new Response(stream).text();
  });
  return { ...outcome, text: outcome.result?.replace(/<!-- -->|<wbr\/>/g, '') ?? '' };
}

beforeAll(async () => {
  const staff = await createAcmeStaff();
  acme = staff.orgId;
  Object.assign(id, staff.ids);

  for (let n = 1; n <= BULK; n++) {
    const nn = String(n).padStart(2, '0');
    await addInvitation(acme, {
      email: `guest${nn}@acme.test`,
      firstName: 'Guest',
      lastName: `Number ${nn}`,
      minutesAgo: 100 + n,
      invitedByUserId: id.admin,
    });
  }
  id.zoe = (
    await addInvitation(acme, {
      email: 'zm@acme.test',
      firstName: 'Zoë',
      lastName: 'Müller',
      role: 'admin',
      minutesAgo: 50,
      invitedByUserId: id.owner,
    })
  ).id;
  await addInvitation(acme, { email: 'pct@acme.test', firstName: '100%_sure', minutesAgo: 40 });
  await addInvitation(acme, { email: 'plain@acme.test', firstName: '100xxsure', minutesAgo: 41 });
  id.expired = (
    await addInvitation(acme, {
      email: 'late@acme.test',
      minutesAgo: 20_000,
      expiresInMinutes: -60,
      invitedByUserId: id.admin,
    })
  ).id;
  id.newest = (
    await addInvitation(acme, {
      email: 'newest@acme.test',
      firstName: 'Nina',
      minutesAgo: 1,
      invitedByUserId: id.member,
    })
  ).id;
  id.revoked = (
    await addInvitation(acme, { email: 'revoked@acme.test', firstName: 'Guest' }, { revokedAt: new Date() })
  ).id;
  id.accepted = (
    await addInvitation(acme, { email: 'accepted@acme.test', firstName: 'Guest' }, { acceptedAt: new Date() })
  ).id;

  const other = await createOrgWithUser({ orgName: 'Globex', email: 'stan@globex.test', role: 'owner' });
  globex = other.org.id;
  await addInvitation(globex, {
    email: 'guest99@globex.test',
    firstName: 'Guest',
    lastName: 'Number 99',
    minutesAgo: 0,
  });
  await addInvitation(globex, { email: 'guest01@globex.test', firstName: 'Zoë', role: 'admin', minutesAgo: 0 });

  for (const who of ['owner', 'admin', 'member', 'reader'] as const) as[who] = await signIn(`${who}@acme.test`);
  as.stranger = await signIn('stan@globex.test');
});

/** Acme's pending invitations: the bulk ones, Zoë, the two with odd names, the expired and the newest. */
const PENDING = BULK + 5;

describe('the invitations query', () => {
  it('lists the pending invitations of the organization only, expired ones included, newest first', async () => {
    const first = await list(acme);
    expect(first).toMatchObject({
      total: PENDING,
      totalIsLowerBound: false,
      page: 1,
      pageCount: 2,
      hasNext: true,
      from: 1,
      to: USER_PAGE_SIZE,
    });
    expect(first.rows[0]).toMatchObject({
      email: 'newest@acme.test',
      expired: false,
      inviter: { email: 'member@acme.test' },
    });
    const all = [...first.rows, ...(await list(acme, { page: '2' })).rows];
    expect(all).toHaveLength(PENDING);
    expect(new Set(all.map((r) => r.id)).size).toBe(PENDING);
    const addresses = all.map((r) => r.email);
    expect(addresses).not.toContain('revoked@acme.test');
    expect(addresses).not.toContain('accepted@acme.test');
    expect(addresses.some((e) => e.endsWith('@globex.test'))).toBe(false);
    expect(all.at(-1)).toMatchObject({ email: 'late@acme.test', expired: true });
    expect((await list(globex)).rows.map((r) => r.email).sort()).toEqual([
      'guest01@globex.test',
      'guest99@globex.test',
    ]);
  });

  it('searches email, first and last name as a case-insensitive substring, within the organization only', async () => {
    expect(await emails(acme, { q: 'ZM@ACME' })).toEqual(['zm@acme.test']);
    expect(await emails(acme, { q: 'müller' })).toEqual(['zm@acme.test']);
    expect(await emails(acme, { q: 'zoë m' })).toEqual(['zm@acme.test']);
    expect(await emails(acme, { q: 'number 07' })).toEqual(['guest07@acme.test']);
    expect(await emails(acme, { q: 'guest99' })).toEqual([]);
    expect(await emails(acme, { q: 'revoked' })).toEqual([]);
    expect(await emails(acme, { q: 'accepted' })).toEqual([]);
    expect((await list(acme, { q: 'guest' })).total).toBe(BULK);
  });

  it('treats %, _ and \\ literally', async () => {
    expect(await emails(acme, { q: '%' })).toEqual(['pct@acme.test']);
    expect(await emails(acme, { q: '0%_s' })).toEqual(['pct@acme.test']);
    expect(await emails(acme, { q: '_' })).toEqual(['pct@acme.test']);
    expect(await emails(acme, { q: '\\' })).toEqual([]);
  });

  it('filters by role and sorts by name, email and age', async () => {
    expect(await emails(acme, { role: 'admin' })).toEqual(['zm@acme.test']);
    expect(await emails(acme, { role: 'owner' })).toEqual([]);
    expect((await emails(acme, { sort: 'oldest' }))[0]).toBe('late@acme.test');
    expect((await emails(acme, { sort: 'email' })).slice(0, 2)).toEqual(['guest01@acme.test', 'guest02@acme.test']);
    expect((await emails(acme, { sort: 'email_desc' }))[0]).toBe('zm@acme.test');
    expect((await emails(acme, { sort: 'name_desc' }))[0]).toBe('zm@acme.test');
    // Without a name the address decides: late@ has none and comes first by name.
    expect((await emails(acme, { sort: 'name' }))[0]).toBe('late@acme.test');
  });

  it('pages like the users list and shows the last page for a page past the end', async () => {
    const second = await list(acme, { page: '2' });
    expect(second).toMatchObject({ page: 2, pageCount: 2, hasNext: false, from: USER_PAGE_SIZE + 1, to: PENDING });
    expect(await list(acme, { page: '99' })).toMatchObject({ page: 2, from: USER_PAGE_SIZE + 1 });
    expect(await list(acme, { q: 'nobody-here', page: '3' })).toMatchObject({
      page: 1,
      total: 0,
      rows: [],
      from: 0,
      to: 0,
      hasNext: false,
    });
  });

  it('finds the pending invitations through the partial index', async () => {
    const db = await getDb();
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const query = tx
        .select({ id: invitations.id })
        .from(invitations)
        .where(invitationListWhere(acme, { q: '', role: null }))
        .orderBy(sql`created_at desc`)
        .limit(26);
      return JSON.stringify(await tx.execute(sql`explain ${query.getSQL()}`));
    });
    expect(plan).toContain('invitations_org_pending_idx');
  });
});

describe('the Invited view of the users page', () => {
  it('lists invitations instead of users, with role, inviter, dates and the resend and revoke buttons', async () => {
    const { text, notFound } = await page(as.admin, { status: 'invited' });
    expect(notFound).toBeUndefined();
    expect(text).toContain('Showing 1–25 of 35');
    expect(text).toContain('newest@acme.test');
    expect(text).toContain('Invited by');
    expect(text).toContain('>Mia User<');
    expect(text).not.toContain('href="/org-settings/users/' + id.member + '"');
    expect(text).not.toContain('globex');
    expect(text).toContain('aria-label="Resend the invitation to newest@acme.test"');
    expect(text).toContain('aria-label="Revoke the invitation for newest@acme.test"');
    expect(text).toMatch(/<select[^>]*name="status"[^>]*>[\s\S]*<option value="invited" selected="">Invited<\/option>/);
    expect(text).toMatch(/<option value="newest" selected="">Newest first<\/option>/);
    expect(text).toContain('href="/org-settings/users?status=invited&amp;page=2"');
    // The summary block is not repeated under the full list.
    expect(text).not.toContain('id="pending-invitations-title"');
  });

  it('pages on, searches, filters by role and marks expired invitations, which can still be resent', async () => {
    const second = await page(as.admin, { status: 'invited', page: '2' });
    expect(second.text).toContain('Showing 26–35 of 35');
    expect(second.text).toMatch(/late@acme\.test<span[^>]*>Expired<\/span>/);
    expect(second.text).toContain('aria-label="Resend the invitation to late@acme.test"');
    expect(second.text).toContain('href="/org-settings/users?status=invited"');

    const search = await page(as.admin, { status: 'invited', q: 'MÜLLER' });
    expect(search.text).toContain('Showing 1–1 of 1');
    expect(search.text).toContain('zm@acme.test');
    expect(search.text).toContain('Zoë Müller');
    expect(search.text).not.toContain('guest01@acme.test');

    const admins = await page(as.admin, { status: 'invited', role: 'admin', sort: 'email' });
    expect(admins.text).toContain('zm@acme.test');
    expect(admins.text).not.toContain('newest@acme.test');

    const none = await page(as.admin, { status: 'invited', q: 'no such person' });
    expect(none.text).toContain('No pending invitations match.');
  });

  it('lists nothing with a custom role chosen: invitations hold managed roles only', async () => {
    const [directory] = await (
      await getDb()
    )
      .select()
      .from(roles)
      .where(and(eq(roles.orgId, acme), eq(roles.name, 'Directory')));
    const { text } = await page(as.admin, { status: 'invited', role: directory.id });
    expect(text).toContain('Invited people get custom roles only after they accept.');
    expect(text).not.toContain('newest@acme.test');
  });

  it('lists nothing with a group chosen: invitations belong to no group', async () => {
    const db = await getDb();
    const [team] = await db.insert(groups).values({ orgId: acme, name: 'Invitees nowhere' }).returning();
    try {
      const { text } = await page(as.admin, { status: 'invited', group: team.id });
      expect(text).toContain('Invited people join groups only after they accept.');
      expect(text).not.toContain('newest@acme.test');
      // A group that is not there (or not visible) is no filter at all.
      const unknown = await page(as.admin, { status: 'invited', group: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.text).toContain('newest@acme.test');
    } finally {
      await db.delete(groups).where(eq(groups.id, team.id));
    }
  });

  it('shows dates in the viewer’s language and zone', async () => {
    const db = await getDb();
    await db.update(users).set({ locale: 'de', timeZone: 'Asia/Tokyo' }).where(eq(users.id, id.owner));
    try {
      const { text } = await page(as.owner, { status: 'invited', q: 'zm@' });
      const [zoe] = await db.select().from(invitations).where(eq(invitations.id, id.zoe));
      const viewer = { locale: 'de', timeZone: 'Asia/Tokyo' };
      expect(text).toContain('Eingeladen von');
      expect(text).toContain(formatDateTime(zoe.createdAt, viewer));
      expect(text).toContain(formatDateTime(zoe.expiresAt, viewer));
      expect(text).toContain('Erneut senden');
    } finally {
      await db.update(users).set({ locale: 'en', timeZone: null }).where(eq(users.id, id.owner));
    }
  });

  it('shows the list without buttons to someone who may read users but not invite', async () => {
    const { text, notFound } = await page(as.reader, { status: 'invited' });
    expect(notFound).toBeUndefined();
    expect(text).toContain('newest@acme.test');
    expect(text).not.toContain('>Resend</button>');
    expect(text).not.toContain('>Revoke</button>');
  });

  it('answers 404 to a user without users.read', async () => {
    expect((await page(as.member, { status: 'invited' })).notFound).toBe(true);
    expect((await page(as.member, { status: 'invited', q: 'guest' })).notFound).toBe(true);
  });

  it('shows another organization only its own invitations', async () => {
    const { text } = await page(as.stranger, { status: 'invited' });
    expect(text).toContain('guest99@globex.test');
    expect(text).toContain('Showing 1–2 of 2');
    expect(text).not.toContain('@acme.test');
  });

  it('links the summary under the users list to the full view when it shows only the newest', async () => {
    const { text } = await page(as.admin);
    expect(text).toContain('id="pending-invitations-title"');
    expect(text).toContain('newest@acme.test');
    expect(text).not.toContain('late@acme.test');
    expect(text).toContain(`Showing the newest 10 of ${PENDING} pending invitations.`);
    expect(text).toMatch(
      new RegExp(`href="/org-settings/users\\?status=invited"[^>]*>Show all ${PENDING} pending invitations</a>`),
    );
    const small = await page(as.stranger);
    expect(small.text).not.toContain('Show all');
  });

  it('revoking from the list removes the row and says so; the same id from another organization changes nothing', async () => {
    const guest = (await list(acme, { q: 'guest30' })).rows[0];
    await as.stranger.run(() => revokeInvitation(toFormData({ invitationId: guest.id })));
    expect((await list(acme, { q: 'guest30' })).total).toBe(1);

    await as.admin.run(() => revokeInvitation(toFormData({ invitationId: guest.id })));
    const { text } = await page(as.admin, { status: 'invited', q: 'guest3' });
    expect(text).toContain('The invitation for guest30@acme.test was revoked.');
    expect(text).not.toContain('>guest30@acme.test');
    expect((await list(acme)).total).toBe(PENDING - 1);
  });
});
