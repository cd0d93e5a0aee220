import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { groupMembers, groups } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { audit } from '../audit/log';
import { loadPermissionSet } from '../auth/authorize';
import { isSmallPhoto } from '../files/image-sizes';
import { deleteImages } from '../files/storage';
import type { RequestMeta } from '../http/request-meta';
import { removePhoto, replacePhoto } from '../photos/replace';
import { isUniqueViolation } from '../profile/unique-violation';
import type { OrgActor } from './actor';
import type {
  DeleteGroupInput,
  GroupFieldsInput,
  GroupOnlyInput,
  GroupPhotoInput,
  MemberInput,
  UpdateGroupInput,
} from './group-schemas';
import { countMembers, findOrgUser, groupGrantsBeyond, type Group } from './groups';

/**
 * The one way a group, its members and its photo change — from the settings forms today, from the
 * API and the CSV import later. Each function checks that the group is the actor's organization's
 * and that the actor holds everything the group's roles grant, writes in one transaction with its
 * audit row, and answers with a result the entry point turns into a message.
 */

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'> | undefined;

export type GroupFailure<E extends string> = { ok: false; error: E };

/**
 * The organization's group, locked for the rest of the transaction; null for an unknown,
 * malformed or other organization's id alike. `share` lets member changes run side by side while
 * an edit or a delete (`update`) waits for them.
 */
export async function lockGroup(
  tx: Executor,
  orgId: string,
  id: string,
  strength: 'update' | 'share' = 'update',
): Promise<Group | null> {
  if (!isUuid(id)) return null;
  const [group] = await tx
    .select()
    .from(groups)
    .where(and(eq(groups.id, id), eq(groups.orgId, orgId)))
    .for(strength);
  return group ?? null;
}

export type CreateGroupResult = { ok: true; groupId: string } | GroupFailure<'nameTaken'>;

export async function createGroup(
  db: Db,
  actor: OrgActor,
  input: GroupFieldsInput,
  meta?: Meta,
): Promise<CreateGroupResult> {
  try {
    const groupId = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(groups)
        .values({ orgId: actor.orgId, ...input })
        .returning({ id: groups.id });
      await audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'group.created',
        targetType: 'group',
        targetId: created.id,
        data: { name: input.name, type: input.type, visibility: input.visibility },
        meta,
      });
      return created.id;
    });
    return { ok: true, groupId };
  } catch (error) {
    if (isUniqueViolation(error, 'groups_org_name_key')) return { ok: false, error: 'nameTaken' };
    throw error;
  }
}

const EDITABLE = ['name', 'type', 'visibility', 'description'] as const;

export type UpdateGroupResult = { ok: true; changed: string[] } | GroupFailure<'notFound' | 'nameTaken'>;

export async function updateGroup(
  db: Db,
  actor: OrgActor,
  { groupId, ...input }: UpdateGroupInput,
  meta?: Meta,
): Promise<UpdateGroupResult> {
  try {
    return await db.transaction(async (tx): Promise<UpdateGroupResult> => {
      const group = await lockGroup(tx, actor.orgId, groupId);
      if (!group) return { ok: false, error: 'notFound' };
      const fields = EDITABLE.filter((field) => group[field] !== input[field]);
      if (!fields.length) return { ok: true, changed: [] };
      await tx
        .update(groups)
        .set({ ...input, updatedAt: new Date() })
        .where(and(eq(groups.id, group.id), eq(groups.orgId, actor.orgId)));
      await audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'group.updated',
        targetType: 'group',
        targetId: group.id,
        data: {
          fields,
          before: Object.fromEntries(fields.map((f) => [f, group[f]])),
          after: Object.fromEntries(fields.map((f) => [f, input[f]])),
        },
        meta,
      });
      return { ok: true, changed: [...fields] };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'groups_org_name_key')) return { ok: false, error: 'nameTaken' };
    throw error;
  }
}

export type DeleteGroupResult = { ok: true; name: string } | GroupFailure<'notFound' | 'beyondYours' | 'confirmName'>;

/**
 * The typed name must match exactly (spaces at the ends aside). Deleting a group takes its roles
 * away from every member: the same rule as removing them.
 */
export async function deleteGroup(
  db: Db,
  actor: OrgActor,
  { groupId, confirmName }: DeleteGroupInput,
  meta?: Meta,
): Promise<DeleteGroupResult> {
  // Read before the transaction: on the embedded database a second query would wait for it.
  const held = await loadPermissionSet(db, actor);
  const outcome = await db.transaction(async (tx) => {
    const group = await lockGroup(tx, actor.orgId, groupId);
    if (!group) return { ok: false as const, error: 'notFound' as const };
    if (await groupGrantsBeyond(tx, held, actor.orgId, group.id))
      return { ok: false as const, error: 'beyondYours' as const };
    if (confirmName.trim() !== group.name) return { ok: false as const, error: 'confirmName' as const };
    const members = await countMembers(tx, actor.orgId, group.id);
    const photo = group.photoFileId ? await deleteImages(tx, { orgId: actor.orgId, ids: [group.photoFileId] }) : null;
    await tx.delete(groups).where(and(eq(groups.id, group.id), eq(groups.orgId, actor.orgId)));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'group.deleted',
      targetType: 'group',
      targetId: group.id,
      data: { name: group.name, type: group.type, visibility: group.visibility, members },
      meta,
    });
    return { ok: true as const, name: group.name, afterCommit: photo?.afterCommit };
  });
  if (!outcome.ok) return outcome;
  await outcome.afterCommit?.();
  return { ok: true, name: outcome.name };
}

export type MemberChangeResult =
  | { ok: true }
  | GroupFailure<'notFound' | 'grantsBeyondYours' | 'userNotFound' | 'userDeactivated' | 'alreadyMember' | 'notMember'>;

type Person = NonNullable<Awaited<ReturnType<typeof findOrgUser>>>;
type Membership = { orgId: string; groupId: string; userId: string };
type MemberChange = {
  action: 'group.member_added' | 'group.member_removed';
  /** The refusal when the id is no person of the organization. */
  unknownUser: 'userNotFound' | 'notMember';
  /** Changes the membership, or refuses when there is nothing to change. */
  write: (tx: Executor, membership: Membership, person: Person) => Promise<MemberChangeResult>;
};

/**
 * Adding and removing share everything but the write: the group is the actor's organization's and
 * grants nothing beyond what the actor holds, the person is of the organization, and the change is
 * audited. The group is locked with `share`, so member changes run side by side.
 */
function memberChange({ action, unknownUser, write }: MemberChange) {
  return async (
    db: Db,
    actor: OrgActor,
    { groupId, userId }: MemberInput,
    meta?: Meta,
  ): Promise<MemberChangeResult> => {
    const held = await loadPermissionSet(db, actor);
    return db.transaction(async (tx): Promise<MemberChangeResult> => {
      const group = await lockGroup(tx, actor.orgId, groupId, 'share');
      if (!group) return { ok: false, error: 'notFound' };
      if (await groupGrantsBeyond(tx, held, actor.orgId, group.id)) return { ok: false, error: 'grantsBeyondYours' };
      const person = await findOrgUser(tx, actor.orgId, userId);
      if (!person) return { ok: false, error: unknownUser };
      const written = await write(tx, { orgId: actor.orgId, groupId: group.id, userId: person.id }, person);
      if (!written.ok) return written;
      await audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action,
        targetType: 'group',
        targetId: group.id,
        data: { userId: person.id, email: person.email, group: group.name },
        meta,
      });
      return { ok: true };
    });
  };
}

/**
 * Adds a person of the actor's organization. Someone of another organization is answered like an
 * id that does not exist; deactivated people cannot be added. Joining a group gives what its roles
 * grant, so only someone who holds all of that may add (or remove) its members.
 */
export const addGroupMember = memberChange({
  action: 'group.member_added',
  unknownUser: 'userNotFound',
  write: async (tx, membership, person) => {
    if (person.status === 'deactivated') return { ok: false, error: 'userDeactivated' };
    const added = await tx
      .insert(groupMembers)
      .values(membership)
      .onConflictDoNothing()
      .returning({ userId: groupMembers.userId });
    return added.length ? { ok: true } : { ok: false, error: 'alreadyMember' };
  },
});

export const removeGroupMember = memberChange({
  action: 'group.member_removed',
  unknownUser: 'notMember',
  write: async (tx, { orgId, groupId, userId }) => {
    const rows = await tx
      .delete(groupMembers)
      .where(and(eq(groupMembers.orgId, orgId), eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
      .returning({ userId: groupMembers.userId });
    return rows.length ? { ok: true } : { ok: false, error: 'notMember' };
  },
});

export type GroupPhotoResult = { ok: true } | GroupFailure<'notFound' | 'invalidFile'>;
/** `small`: below the recommended 200 × 200 pixels, saved all the same (as for the profile photo). */
export type GroupPhotoUpload =
  { ok: true; small: boolean; width: number; height: number } | GroupFailure<'notFound' | 'invalidFile'>;

/** The square chosen in the cropper, or the centre square without one (as for the profile photo). */
export async function replaceGroupPhoto(
  db: Db,
  actor: OrgActor,
  input: GroupPhotoInput,
  meta?: Meta,
): Promise<GroupPhotoUpload> {
  const result = await replacePhoto(
    db,
    actor,
    {
      holder: { kind: 'group', id: input.groupId },
      upload: input,
      action: 'group.updated',
      auditData: ({ fileId, replacedFileId, photo }) => ({
        fields: ['photo'],
        fileId,
        replacedFileId,
        crop: photo.crop,
      }),
    },
    meta,
  );
  if (!result.ok) return result;
  const { width, height } = result.source;
  return { ok: true, small: isSmallPhoto(width, height), width, height };
}

export async function removeGroupPhoto(
  db: Db,
  actor: OrgActor,
  { groupId }: GroupOnlyInput,
  meta?: Meta,
): Promise<GroupPhotoResult> {
  const result = await removePhoto(
    db,
    actor,
    {
      holder: { kind: 'group', id: groupId },
      action: 'group.updated',
      auditData: ({ replacedFileId }) => ({ fields: ['photo'], fileId: null, replacedFileId }),
    },
    meta,
  );
  return result.ok ? { ok: true } : result;
}
