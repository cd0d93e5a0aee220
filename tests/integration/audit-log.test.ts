import { and, eq } from 'drizzle-orm';
import { createElement, type ComponentProps, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { beforeAll, describe, expect, it } from 'vitest';

import { GET as exportCsv } from '@/app/(org)/org-settings/audit-log/export.csv/route';
import AuditLogPage from '@/app/(org)/org-settings/audit-log/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, roleAssignments, roles, tasks, users } from '@/db/schema';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTIONS } from '@/lib/audit/actions';
import { listAuditPage, parseAuditFilters, type AuditFilters } from '@/lib/audit/query';
import { readBlob } from '@/lib/files/blobs';
import { compiledMessagesFor, messagesFor } from '@/lib/i18n/messages';
import { getRequestIntl } from '@/lib/i18n/server';
import { registerTaskHandlers } from '@/lib/tasks/handlers';
import { runTask } from '@/lib/tasks/runner';
import { insertTask } from '@/lib/tasks/tasks';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

let orgId: string;
let otherOrgId: string;
const ids = {} as Record<'owner' | 'mia' | 'eve' | 'ally' | 'otherMia', string>;
const as = {} as Record<'owner' | 'member' | 'ally', TestClient>;
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

async function render(browser: TestClient, tree: () => Promise<ReactNode>) {
  return browser.run(async () => {
    const { locale, timeZone } = await getRequestIntl();
    const props = { locale, timeZone, messages: compiledMessagesFor(locale) } as ComponentProps<typeof IntlProvider>;
    return renderToStaticMarkup(createElement(IntlProvider, props, await tree()));
  });
}

const page = (browser: TestClient, params: Record<string, string>) =>
  render(browser, () => AuditLogPage({ searchParams: Promise.resolve(params) }));
const filters = (params: Record<string, string>, zone: string | null = 'Europe/Berlin'): AuditFilters =>
  parseAuditFilters(params, zone);
const list = async (params: Record<string, string>, cursor = {}) =>
  listAuditPage(await getDb(), orgId, filters(params), cursor);

/** The address that once answered with the CSV: now a redirect to the log, or a 404. */
async function oldAddress(browser: TestClient, query = '') {
  const { result } = await browser.run(() =>
    exportCsv(new Request(`http://localhost:3000/org-settings/audit-log/export.csv${query}`)),
  );
  return result!;
}

/** The log as the page's "Export CSV" writes it: its background task, run here, and the file. */
async function exported(ownerUserId: string, filters: Record<string, string> = {}) {
  registerTaskHandlers();
  const db = await getDb();
  const created = await insertTask(db, {
    orgId,
    ownerUserId,
    name: 'audit.csv',
    action: 'audit.export',
    params: filters,
  });
  await runTask(db, created.id);
  const [task] = await db.select().from(tasks).where(eq(tasks.id, created.id));
  expect(task.status).toBe('succeeded');
  const parts: Buffer[] = [];
  for await (const chunk of readBlob(db, task.resultBlobId!)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

type Entry = {
  action: string;
  at: string;
  actor?: string | null;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  org?: string;
};
async function record(...entries: Entry[]) {
  await (await getDb()).insert(auditLog).values(
    entries.map((e) => ({
      orgId: e.org ?? orgId,
      actorUserId: e.actor === undefined ? ids.mia : e.actor,
      action: e.action,
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      data: e.data ?? {},
      ip: '198.51.100.7',
      userAgent: UA,
      createdAt: new Date(e.at),
    })),
  );
}

beforeAll(async () => {
  const db = await getDb();
  const { org, user } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  orgId = org.id;
  ids.owner = user.id;
  await db.update(users).set({ timeZone: 'Europe/Berlin' }).where(eq(users.id, user.id));
  ids.mia = (await addUser(orgId, { email: 'mia@acme.test', firstName: 'Mia' })).id;
  await db.update(users).set({ lastName: 'Lovelace' }).where(eq(users.id, ids.mia));
  ids.eve = (await addUser(orgId, { email: 'eve@acme.test', firstName: '=SUM(1+1)' })).id;
  ids.ally = (await addUser(orgId, { email: 'ally@acme.test', firstName: 'Ally' })).id;
  const [reader] = await db
    .insert(roles)
    .values({ orgId, name: 'Auditor', permissions: ['audit.read'] })
    .returning();
  await db.insert(roleAssignments).values({ orgId, roleId: reader.id, userId: ids.ally });

  const other = await createOrgWithUser({ orgName: 'Umbrella', email: 'otto@umbrella.test' });
  otherOrgId = other.org.id;
  ids.otherMia = (await addUser(otherOrgId, { email: 'mia@umbrella.test', firstName: 'Mia' })).id;

  // 120 profile edits a minute apart, for paging.
  await record(
    ...Array.from({ length: 120 }, (_, i) => ({
      action: 'profile.updated',
      at: new Date(Date.UTC(2024, 2, 1, 9, i)).toISOString(),
    })),
  );
  // Around midnight in Berlin (UTC+1 in January).
  await record(
    { action: 'role.created', at: '2024-01-09T22:59:00Z', targetType: 'role', targetId: reader.id },
    { action: 'role.created', at: '2024-01-09T23:30:00Z', targetType: 'role', targetId: reader.id },
    {
      action: 'role.deleted',
      at: '2024-01-10T22:59:00Z',
      data: { name: 'Gone' },
      targetType: 'role',
      targetId: crypto.randomUUID(),
    },
    { action: 'roleplay.started', at: '2024-01-10T23:00:00Z' },
    {
      action: 'group.created',
      at: '2024-01-11T10:00:00Z',
      actor: ids.eve,
      data: { name: '=HYPERLINK("http://evil.test")' },
    },
    { action: 'org.created', at: '2024-01-01T08:00:00Z', actor: null, targetType: 'organization', targetId: orgId },
  );
  // Another organization's log, with a lookalike actor and the same actions.
  await record(
    ...Array.from({ length: 5 }, (_, i) => ({
      action: 'role.created',
      at: `2024-01-10T0${i}:00:00Z`,
      actor: ids.otherMia,
      org: otherOrgId,
      data: { name: 'Umbrella secret' },
    })),
    { action: 'profile.updated', at: '2024-03-01T09:30:30Z', actor: ids.otherMia, org: otherOrgId },
  );

  as.owner = await signIn('olga@acme.test');
  as.member = await signIn('mia@acme.test');
  as.ally = await signIn('ally@acme.test');
});

describe('access', () => {
  it('without audit.read the page and the export are not found', async () => {
    expect((await as.member.run(() => AuditLogPage({ searchParams: Promise.resolve({}) }))).notFound).toBe(true);
    expect((await oldAddress(as.member)).status).toBe(404);
    expect((await oldAddress(new TestClient())).status).toBe(404);
  });

  it('a custom role with audit.read opens it', async () => {
    const html = await page(as.ally, { action: 'role.*' });
    expect(html.result).toContain('Role created');
  });
});

describe('filters and paging', () => {
  it('pages by id, 50 at a time, newest first, with Newer and Older', async () => {
    const first = await list({ action: 'profile.updated' });
    expect(first.entries).toHaveLength(50);
    expect(first.newer).toBeNull();
    expect(first.entries[0].createdAt.toISOString()).toBe('2024-03-01T10:59:00.000Z');
    const ids1 = first.entries.map((e) => e.id);
    expect([...ids1].sort((a, b) => b - a)).toEqual(ids1);

    const second = await list({ action: 'profile.updated' }, { before: first.older! });
    expect(second.entries).toHaveLength(50);
    expect(second.entries[0].id).toBeLessThan(first.entries[49].id);
    const third = await list({ action: 'profile.updated' }, { before: second.older! });
    expect(third.entries).toHaveLength(20);
    expect(third.older).toBeNull();
    expect(third.entries.at(-1)!.createdAt.toISOString()).toBe('2024-03-01T09:00:00.000Z');

    const back = await list({ action: 'profile.updated' }, { after: third.newer! });
    expect(back.entries.map((e) => e.id)).toEqual(second.entries.map((e) => e.id));
    expect(back.newer).toBe(second.entries[0].id);
    // Every id once, none from the other organization.
    const all = [...ids1, ...second.entries.map((e) => e.id), ...third.entries.map((e) => e.id)];
    expect(new Set(all).size).toBe(120);
  });

  it('filters by actor email or name, never reaching another organization', async () => {
    const byEmail = await list({ actor: 'MIA@acme', action: 'profile.updated' });
    expect(byEmail.entries).toHaveLength(50);
    expect(byEmail.entries.every((e) => e.actorEmail === 'mia@acme.test')).toBe(true);
    const byName = await list({ actor: 'lovelace', action: 'profile.*' });
    expect(byName.entries[0].actorName).toBe('Mia Lovelace');
    const everyMia: number[] = [];
    let p = await list({ actor: 'mia' });
    for (;;) {
      everyMia.push(...p.entries.map((e) => e.id));
      if (!p.older) break;
      p = await list({ actor: 'mia' }, { before: p.older });
    }
    expect(everyMia.length).toBeGreaterThan(120);
    const rows = await (
      await getDb()
    )
      .select({ id: auditLog.id, orgId: auditLog.orgId })
      .from(auditLog)
      .where(eq(auditLog.actorUserId, ids.otherMia));
    expect(everyMia.some((id) => rows.some((r) => r.id === id))).toBe(false);
    expect((await list({ actor: ids.eve })).entries.map((e) => e.action)).toEqual(['group.created']);
    expect((await list({ actor: 'nobody-like-this' })).entries).toEqual([]);
    // Wildcards typed by a person are matched literally.
    expect((await list({ actor: '%' })).entries).toEqual([]);
  });

  it('filters by exact action or by prefix', async () => {
    expect((await list({ action: 'role.created' })).entries).toHaveLength(2);
    const prefix = await list({ action: 'role.*' });
    expect(prefix.entries.map((e) => e.action)).toEqual(['role.deleted', 'role.created', 'role.created']);
    expect((await list({ action: 'roleplay.*' })).entries.map((e) => e.action)).toEqual(['roleplay.started']);
  });

  it("filters by days in the viewer's time zone", async () => {
    const day = await list({ from: '2024-01-10', to: '2024-01-10' });
    expect(day.entries.map((e) => e.createdAt.toISOString())).toEqual([
      '2024-01-10T22:59:00.000Z',
      '2024-01-09T23:30:00.000Z',
    ]);
    const utc = await listAuditPage(await getDb(), orgId, filters({ from: '2024-01-10', to: '2024-01-10' }, null), {});
    expect(utc.entries.map((e) => e.createdAt.toISOString())).toEqual([
      '2024-01-10T23:00:00.000Z',
      '2024-01-10T22:59:00.000Z',
    ]);
    const since = await list({ from: '2024-01-11', action: 'group.*' });
    expect(since.entries).toHaveLength(1);
    const until = await list({ to: '2024-01-09' });
    // Ordered by id, the order of writing.
    expect(until.entries.map((e) => e.action)).toEqual(['org.created', 'role.created']);
  });

  it('reports unreadable filters and leaves them out', () => {
    expect(filters({ from: '2024-02-30' })).toMatchObject({
      from: '',
      start: null,
      errors: { from: 'auditLog.errors.date' },
    });
    expect(filters({ to: 'yesterday' }).errors.to).toBe('auditLog.errors.date');
    expect(filters({ action: "role'; drop table audit_log; --" })).toMatchObject({
      action: '',
      errors: { action: 'auditLog.errors.action' },
    });
    expect(filters({ from: '2024-01-11', to: '2024-01-10' })).toMatchObject({
      to: '',
      end: null,
      errors: { to: 'auditLog.errors.order' },
    });
    expect(filters({ actor: 'x'.repeat(300) }).actor).toHaveLength(100);
  });
});

describe('the page', () => {
  it('shows who, what, when in the viewer’s zone, from where, and the target', async () => {
    const html = (await page(as.owner, { from: '2024-01-01', to: '2024-01-11' })).result!;
    expect(html).toContain('Role created');
    expect(html).toContain('Role deleted');
    expect(html).toContain('roleplay.started');
    expect(html).toContain('Mia Lovelace (mia@acme.test)');
    expect(html).toContain('System');
    expect(html).toContain('Organization: Acme');
    expect(html).toContain('Role: Auditor');
    expect(html).toContain('Role: Gone');
    expect(html).toContain('198.51.100.7');
    expect(html).toContain('Chrome 140 on Windows');
    // 22:59 UTC on 10 January is 23:59 in Berlin.
    expect(html).toContain('Jan 10, 2024, 11:59');
    expect(html).not.toContain('Umbrella secret');
    // "Export CSV" posts the filters the page shows, to run as a background task.
    expect(html).toContain('<input type="hidden" name="from" value="2024-01-01"/>');
    expect(html).toContain('<input type="hidden" name="to" value="2024-01-11"/>');
    expect(html).toContain('<input type="hidden" name="actor" value=""/>');
    expect(html).not.toContain('export.csv');
  });

  it('links Newer and Older with the filters kept, and shows filter errors', async () => {
    const first = await list({ action: 'profile.updated' });
    const html = (await page(as.owner, { action: 'profile.updated', before: String(first.older) })).result!;
    expect(html).toContain(`/org-settings/audit-log?action=profile.updated&amp;before=`);
    expect(html).toContain(`/org-settings/audit-log?action=profile.updated&amp;after=`);
    expect(html).toContain('>Older');
    const bad = (await page(as.owner, { from: '2024-13-01' })).result!;
    expect(bad).toContain('Enter a date like 2026-01-31.');
  });
  it('names every audit action and offers each one, and each group, in the action filter', async () => {
    await record({ action: 'auth.sign_out', at: '2025-02-01T12:00:00Z', actor: ids.ally, targetType: 'user' });
    const html = (await page(as.owner, { action: 'auth.sign_out' })).result!;
    expect(html).toContain('Signed out');
    expect(html).toContain('Ally User (ally@acme.test)');
    const en = messagesFor('en').auditLog as {
      actions: Record<string, Record<string, string>>;
      prefixes: Record<string, string>;
    };
    const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll("'", '&#x27;').replaceAll('"', '&quot;');
    const options = [...html.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    const expected = [
      ...AUDIT_ACTIONS.map((action) => {
        const [group, what] = action.split('.');
        return [action, escape(en.actions[group][what])];
      }),
      ...AUDIT_ACTION_GROUPS.map((group) => [`${group}.*`, escape(`${en.prefixes[group]}: all`)]),
    ];
    expect(options).toEqual(expect.arrayContaining(expected));
    // Each offered exactly once, besides "All actions".
    expect(options).toHaveLength(expected.length + 1);
    expect(html).toMatch(/<option value="auth.sign_out" selected="">Signed out<\/option>/);
  });
});

describe('CSV export', () => {
  it('the address that once answered with the CSV leads to the log with the same filters', async () => {
    const response = await oldAddress(as.owner, '?action=role.*&actor=mia');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/org-settings/audit-log?action=role.*&actor=mia');
  });

  it('writes the filtered entries as safe CSV and records the export', async () => {
    const text = await exported(ids.owner, { action: 'role.*', actor: 'mia' });
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'ID,Time (UTC),Time,Actor email,Actor,Action,Action (described),Target type,Target ID,Target,IP address,Browser,User agent,Details',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('2024-01-10T22:59:00.000Z');
    expect(lines[1]).toContain('mia@acme.test,Mia Lovelace (mia@acme.test),role.deleted,Role deleted,role,');
    expect(text).not.toContain('Umbrella');

    const [entry] = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'audit.exported'), eq(auditLog.orgId, orgId)));
    expect(entry).toMatchObject({ actorUserId: ids.owner });
    expect(entry.data).toMatchObject({ rows: 3, filters: { action: 'role.*', actor: 'mia' } });
  });

  it('defuses cells a spreadsheet would run as formulas', async () => {
    const text = await exported(ids.owner, { action: 'group.created' });
    const [, row] = text.trimEnd().split('\r\n');
    expect(row).toContain(",'=SUM(1+1) User (eve@acme.test),");
    expect(row).toContain('"{""name"":""=HYPERLINK(\\""http://evil.test\\"")""}"');
    expect(row).not.toMatch(/(^|,)"?[=+\-@]/);
  });

  it('exports every page, not just the first 50', async () => {
    const text = await exported(ids.ally, { action: 'profile.updated' });
    expect(text.trimEnd().split('\r\n')).toHaveLength(121);
  });
});
