import { beforeAll, describe, expect, it } from 'vitest';

import { updateProfile } from '@/app/(account)/settings/profile/actions';
import { endSession } from '@/app/(account)/settings/security/session-actions';
import { GET as auditExport } from '@/app/(org)/org-settings/audit-log/export.csv/route';
import AuditLogPage from '@/app/(org)/org-settings/audit-log/page';
import { GET as candidates } from '@/app/(org)/org-settings/groups/[id]/candidates/route';
import { createGroup } from '@/app/(org)/org-settings/groups/actions';
import { createRole } from '@/app/(org)/org-settings/roles/actions';
import RoleAssignmentsPage from '@/app/(org)/org-settings/roles/assignments/page';
import CheckUserPage from '@/app/(org)/org-settings/roles/check/page';
import { revokeInvitation } from '@/app/(org)/org-settings/users/invitation-actions';
import { inviteUser } from '@/app/(org)/org-settings/users/new/actions';
import UsersPage from '@/app/(org)/org-settings/users/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { auditLog, groups, invitations, roles, users } from '@/db/schema';
import { idle } from '@/lib/actions/result';
import { hasForbiddenCharacters, withoutForbiddenCharacters } from '@/lib/actions/text-rules';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { createOrgWithUser, getUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

const MESSAGE = 'Remove the control or invisible direction characters from this field.';
// NUL cannot be stored by PostgreSQL at all; the others would be stored and shown.
const BAD = { nul: 'A\u0000b', esc: 'A\u001bb', del: 'A\u007fb', c1: 'A\u0085b', rlo: 'A\u202Eb', isolate: 'A\u2066b' };

let owner: TestClient;
let ownerId: string;
let groupId: string;

const db = () => getDb();

async function counts() {
  const d = await db();
  const [u, g, r, i, a] = await Promise.all([
    d.select().from(users),
    d.select().from(groups),
    d.select().from(roles),
    d.select().from(invitations),
    d.select().from(auditLog),
  ]);
  return { users: JSON.stringify(u), groups: g.length, roles: r.length, invitations: i.length, audit: a.length };
}

beforeAll(async () => {
  const { user } = await createOrgWithUser({ orgName: 'Acme', email: 'olga@acme.test', role: 'owner' });
  ownerId = user.id;
  owner = new TestClient();
  expect(
    (await owner.action(signInWithPassword, { email: 'olga@acme.test', password: STRONG_PASSWORD })).redirect,
  ).toBe('/settings/profile');
  const [group] = await (await db()).insert(groups).values({ orgId: user.orgId, name: 'Helpdesk' }).returning();
  groupId = group.id;
});

describe('the shared text rule', () => {
  it('knows what to refuse and keeps tabs, line breaks and ordinary Unicode', () => {
    for (const value of Object.values(BAD)) expect(hasForbiddenCharacters(value), JSON.stringify(value)).toBe(true);
    for (const value of ['Zoë Ångström', 'line\nbreak\r\nand\ttab', 'مرحبا', '名前', 'emoji 👩🏽‍💻', 'zero\u200Bwidth']) {
      expect(hasForbiddenCharacters(value), value).toBe(false);
    }
    expect(withoutForbiddenCharacters('a\u0000b\u202Ec')).toBe('abc');
  });
});

describe('every form refuses them with a field error and writes nothing', () => {
  it.each(Object.entries(BAD))('%s', async (_, bad) => {
    const before = await counts();
    const user = await getUser(ownerId);
    const cases: Array<[ReturnType<typeof owner.action>, string]> = [
      [
        new TestClient('203.0.113.77').action(signInWithPassword, {
          email: `olga${bad}@acme.test`,
          password: STRONG_PASSWORD,
        }),
        'email',
      ],
      [owner.action(updateProfile, { version: String(user.version), firstName: bad, lastName: 'Owner' }), 'firstName'],
      [
        owner.action(updateProfile, {
          version: String(user.version),
          firstName: 'Olga',
          lastName: 'Owner',
          jobTitle: bad,
        }),
        'jobTitle',
      ],
      [
        owner.action(inviteUser, { email: 'new@acme.test', firstName: bad, lastName: 'X', role: 'member' }),
        'firstName',
      ],
      [owner.action(createGroup, { name: bad, type: 'team', visibility: 'public' }), 'name'],
      [
        owner.action(createGroup, { name: 'Fine', type: 'team', visibility: 'public', description: bad }),
        'description',
      ],
      [owner.action(createRole, { name: bad, perm_users_read: 'on' }), 'name'],
      [owner.action(createRole, { name: 'Fine', description: bad, perm_users_read: 'on' }), 'description'],
    ];
    for (const [pending, field] of cases) {
      const { result, redirect } = await pending;
      expect(redirect, field).toBeUndefined();
      expect(result?.status, field).toBe('error');
      expect(result?.fieldErrors?.[field], field).toEqual([MESSAGE]);
      // The form comes back without the character, so a re-rendered page never shows it.
      expect(
        Object.values(result?.values ?? {}).some((v) => hasForbiddenCharacters(v)),
        field,
      ).toBe(false);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('filters ignore them', () => {
  it('on the users list, the roles page and the group candidates', async () => {
    for (const q of ['\u0000', 'olga\u0000', '\u202Eolga', 'ol\u001bga']) {
      const list = await renderHtml(owner, () => UsersPage({ searchParams: Promise.resolve({ q }) }));
      expect(list.result?.replace(/<wbr\/>/g, ''), q).toContain('olga@acme.test');
      const assignments = await renderHtml(owner, () => RoleAssignmentsPage({ searchParams: Promise.resolve({ q }) }));
      expect(assignments.result, q).toBeTruthy();
      const check = await renderHtml(owner, () => CheckUserPage({ searchParams: Promise.resolve({ q }) }));
      expect(check.result, q).toBeTruthy();
      const response = (
        await owner.run(() =>
          candidates(new Request(`http://localhost:3000/x?q=${encodeURIComponent(q)}`), {
            params: Promise.resolve({ id: groupId }),
          }),
        )
      ).result!;
      expect(response.status, q).toBe(200);
    }
  });

  it('on the audit log and its export', async () => {
    for (const actor of ['\u0000', 'olga\u0000', '\u202Eolga']) {
      const log = await renderHtml(owner, () => AuditLogPage({ searchParams: Promise.resolve({ actor }) }));
      expect(log.result, actor).toBeTruthy();
      const csv = (
        await owner.run(() =>
          auditExport(
            new Request(`http://localhost:3000/org-settings/audit-log/export.csv?actor=${encodeURIComponent(actor)}`),
          ),
        )
      ).result!;
      // The address that once answered with the CSV leads to the log, with the filter as given.
      expect(csv.status, actor).toBe(303);
      expect(csv.headers.get('location'), actor).toMatch(/^\/org-settings\/audit-log\?actor=/);
    }
  });
});

describe('ids holding them name nothing', () => {
  it.each(Object.entries(BAD))('a session id with %s ends no session', async (_, bad) => {
    const before = await counts();
    const outcome = await owner.run(() => endSession(toFormData({ sessionId: `abcdefghij${bad}klmnop` })));
    expect(outcome.redirect).toBeUndefined();
    expect(owner.sessionCookie).toBeTruthy();
    expect(await counts()).toEqual(before);
  });
});

describe('a call that is not form data', () => {
  it('gets an error state from the wrappers and the hand-written actions, not an exception', async () => {
    const before = await counts();
    for (const shape of [[1, 2], { email: 'olga@acme.test' }, 'text', null, 42]) {
      const signIn = await new TestClient('203.0.113.78').run(() => signInWithPassword(idle, shape as never));
      expect(signIn.result?.message).toBe('This request could not be read. Reload the page and try again.');
      const profile = await owner.run(() => updateProfile(idle, shape as never));
      expect(profile.result?.status).toBe('error');
      const invite = await owner.run(() => inviteUser(idle, shape as never));
      expect(invite.result?.status).toBe('error');
      await owner.run(() => endSession(shape as never));
      await owner.run(() => revokeInvitation(shape as never));
    }
    expect(await counts()).toEqual(before);
  });
});
