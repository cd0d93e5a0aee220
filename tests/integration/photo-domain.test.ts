import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { auditLog, files, groups, users } from '@/db/schema';
import { MAX_PHOTO_BYTES } from '@/lib/files/image';
import type { OrgActor } from '@/lib/org/actor';
import {
  addGroupMember,
  createGroup,
  removeGroupMember,
  removeGroupPhoto,
  replaceGroupPhoto,
} from '@/lib/org/group-admin';
import { removeProfilePhoto, replaceProfilePhoto } from '@/lib/profile/photo';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser } from '../support/fixtures';

// The photo and member changes called directly, as the API and the import would: the result,
// the rows and the audit row of each, to the letter.
useTestDatabase();

const meta = { ip: '192.0.2.7', userAgent: 'photo-domain-test' };
let ada: OrgActor;
let stranger: OrgActor;
let groupId: string;

const db = () => getDb();
const png = () =>
  sharp({ create: { width: 400, height: 200, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer()
    .then((bytes) => new File([new Uint8Array(bytes)], 'photo.png', { type: 'image/png' }));
const notAnImage = () => new File(['plain text'], 'photo.png', { type: 'image/png' });
const tooLarge = () => new File([new Uint8Array(MAX_PHOTO_BYTES + 1)], 'photo.png', { type: 'image/png' });

async function audits(action: string, targetId: string) {
  return (await db())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)))
    .orderBy(auditLog.createdAt);
}
const fileRow = async (id: string) => (await (await db()).select().from(files).where(eq(files.id, id)))[0];
const counts = async () => ({
  files: (await (await db()).select().from(files)).length,
  audit: (await (await db()).select().from(auditLog)).length,
});

beforeAll(async () => {
  const { org, user } = await createOrgWithUser({ orgName: 'Acme', email: 'ada@acme.test', role: 'owner' });
  ada = { id: user.id, orgId: org.id, orgName: org.name, role: 'owner' };
  const other = await createOrgWithUser({ orgName: 'Other', email: 'oscar@other.test', role: 'owner' });
  stranger = { id: other.user.id, orgId: other.org.id, orgName: other.org.name, role: 'owner' };
  const made = await createGroup(await db(), ada, { name: 'Ops', type: 'team', visibility: 'public', description: '' });
  if (!made.ok) throw new Error('group not created');
  groupId = made.groupId;
});

describe('the profile photo', () => {
  it('replaces, removes and audits the acting user’s own photo', async () => {
    const first = await replaceProfilePhoto(await db(), ada, { photo: await png() }, meta);
    // 400 × 200: the shorter side is 200 pixels, as recommended, so no warning.
    expect(first).toEqual({ ok: true, fileId: expect.any(String), small: false, width: 400, height: 200 });
    if (!first.ok) return;
    expect(await fileRow(first.fileId)).toMatchObject({ orgId: ada.orgId, ownerUserId: ada.id });
    const crop = { cropX: 10, cropY: 20, cropSize: 150 };
    const second = await replaceProfilePhoto(await db(), ada, { photo: await png(), ...crop }, meta);
    if (!second.ok) throw new Error('second upload refused');
    expect(await fileRow(first.fileId)).toBeUndefined();
    const [user] = await (await db()).select().from(users).where(eq(users.id, ada.id));
    expect(user.photoFileId).toBe(second.fileId);

    const updated = await audits('profile.photo_updated', ada.id);
    expect(
      updated.map(({ orgId, actorUserId, targetType, targetId, ip, userAgent, data }) => ({
        orgId,
        actorUserId,
        targetType,
        targetId,
        ip,
        userAgent,
        data,
      })),
    ).toEqual([
      {
        orgId: ada.orgId,
        actorUserId: ada.id,
        targetType: 'user',
        targetId: ada.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        data: {
          fileId: first.fileId,
          replacedFileId: null,
          source: { format: 'png', width: 400, height: 200 },
          crop: { x: 100, y: 0, size: 200 },
        },
      },
      expect.objectContaining({
        data: {
          fileId: second.fileId,
          replacedFileId: first.fileId,
          source: { format: 'png', width: 400, height: 200 },
          crop: { x: 10, y: 20, size: 150 },
        },
      }),
    ]);

    expect(await removeProfilePhoto(await db(), ada, {}, meta)).toEqual({ ok: true, removed: true });
    expect(await fileRow(second.fileId)).toBeUndefined();
    const removed = await audits('profile.photo_removed', ada.id);
    expect(removed.map((e) => [e.targetType, e.data])).toEqual([['user', { fileId: second.fileId }]]);
    const before = await counts();
    expect(await removeProfilePhoto(await db(), ada, {}, meta)).toEqual({ ok: true, removed: false });
    expect(await counts()).toEqual(before);
  });

  it('saves an image under 200 × 200 pixels and says it is small, with its size as uploaded', async () => {
    const bytes = await sharp({ create: { width: 180, height: 120, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    const photo = new File([new Uint8Array(bytes)], 'small.png', { type: 'image/png' });
    const result = await replaceProfilePhoto(await db(), ada, { photo }, meta);
    expect(result).toEqual({ ok: true, fileId: expect.any(String), small: true, width: 180, height: 120 });
    const [user] = await (await db()).select().from(users).where(eq(users.id, ada.id));
    expect(user.photoFileId).toBe(result.ok ? result.fileId : null);
  });

  it('refuses a file that is too large or no image, writing nothing', async () => {
    const before = await counts();
    for (const photo of [tooLarge(), notAnImage()])
      expect(await replaceProfilePhoto(await db(), ada, { photo }, meta)).toEqual({ ok: false, error: 'invalidFile' });
    expect(await counts()).toEqual(before);
  });
});

describe('the group photo', () => {
  const groupRow = async () => (await (await db()).select().from(groups).where(eq(groups.id, groupId)))[0];

  it('replaces, removes and audits it as a change of the group', async () => {
    expect(await replaceGroupPhoto(await db(), ada, { groupId, photo: await png() }, meta)).toMatchObject({ ok: true });
    const first = (await groupRow()).photoFileId!;
    expect(await fileRow(first)).toMatchObject({ orgId: ada.orgId, ownerUserId: null });
    expect(
      await replaceGroupPhoto(await db(), ada, { groupId, photo: await png(), cropX: 5, cropY: 0, cropSize: 50 }, meta),
    ).toMatchObject({ ok: true, small: false });
    const second = (await groupRow()).photoFileId!;
    expect(await fileRow(first)).toBeUndefined();
    expect(await removeGroupPhoto(await db(), ada, { groupId }, meta)).toEqual({ ok: true });
    expect((await groupRow()).photoFileId).toBeNull();
    expect(await fileRow(second)).toBeUndefined();

    const updated = await audits('group.updated', groupId);
    expect(updated.map((e) => [e.actorUserId, e.targetType, e.ip, e.data])).toEqual([
      [
        ada.id,
        'group',
        meta.ip,
        { fields: ['photo'], fileId: first, replacedFileId: null, crop: { x: 100, y: 0, size: 200 } },
      ],
      [
        ada.id,
        'group',
        meta.ip,
        { fields: ['photo'], fileId: second, replacedFileId: first, crop: { x: 5, y: 0, size: 50 } },
      ],
      [ada.id, 'group', meta.ip, { fields: ['photo'], fileId: null, replacedFileId: second }],
    ]);

    const before = await counts();
    expect(await removeGroupPhoto(await db(), ada, { groupId }, meta)).toEqual({ ok: true });
    expect(await counts()).toEqual(before);
  });

  it('answers another organization’s or a malformed group like a missing one, and refuses a bad file', async () => {
    const before = await counts();
    for (const id of [groupId, 'not-a-uuid']) {
      const actor = id === groupId ? stranger : ada;
      expect(await replaceGroupPhoto(await db(), actor, { groupId: id, photo: await png() }, meta)).toEqual({
        ok: false,
        error: 'notFound',
      });
      expect(await removeGroupPhoto(await db(), actor, { groupId: id }, meta)).toEqual({
        ok: false,
        error: 'notFound',
      });
    }
    // The size is refused before the group is looked up; the group is looked up before the image is decoded.
    const foreign = { groupId, photo: tooLarge() };
    expect(await replaceGroupPhoto(await db(), stranger, foreign, meta)).toEqual({ ok: false, error: 'invalidFile' });
    const undecoded = { groupId, photo: notAnImage() };
    expect(await replaceGroupPhoto(await db(), stranger, undecoded, meta)).toEqual({ ok: false, error: 'notFound' });
    expect(await replaceGroupPhoto(await db(), ada, undecoded, meta)).toEqual({ ok: false, error: 'invalidFile' });
    expect(await counts()).toEqual(before);
  });
});

describe('group members', () => {
  it('adds and removes with the same audit row, and refuses each case with its own error', async () => {
    const mo = await addUser(ada.orgId, { email: 'mo@acme.test', firstName: 'Mo' });
    const gone = await addUser(ada.orgId, { email: 'gone@acme.test' });
    await (await db()).update(users).set({ status: 'deactivated' }).where(eq(users.id, gone.id));
    const member = { groupId, userId: mo.id };

    expect(await removeGroupMember(await db(), ada, member, meta)).toEqual({ ok: false, error: 'notMember' });
    expect(await addGroupMember(await db(), ada, member, meta)).toEqual({ ok: true });
    expect(await addGroupMember(await db(), ada, member, meta)).toEqual({ ok: false, error: 'alreadyMember' });
    expect(await removeGroupMember(await db(), ada, member, meta)).toEqual({ ok: true });
    const added = { groupId, userId: gone.id };
    expect(await addGroupMember(await db(), ada, added, meta)).toEqual({ ok: false, error: 'userDeactivated' });
    const nobody = { groupId, userId: stranger.id };
    expect(await addGroupMember(await db(), ada, nobody, meta)).toEqual({ ok: false, error: 'userNotFound' });
    expect(await removeGroupMember(await db(), ada, nobody, meta)).toEqual({ ok: false, error: 'notMember' });
    expect(await addGroupMember(await db(), stranger, member, meta)).toEqual({ ok: false, error: 'notFound' });
    expect(await removeGroupMember(await db(), stranger, member, meta)).toEqual({ ok: false, error: 'notFound' });

    const data = { userId: mo.id, email: 'mo@acme.test', group: 'Ops' };
    for (const action of ['group.member_added', 'group.member_removed'])
      expect((await audits(action, groupId)).map((e) => [e.actorUserId, e.targetType, e.ip, e.data])).toEqual([
        [ada.id, 'group', meta.ip, data],
      ]);
  });
});
