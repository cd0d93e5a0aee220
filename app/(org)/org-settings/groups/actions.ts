'use server';

import { and, eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { getDb } from '@/db';
import { groups } from '@/db/schema';
import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { getCurrentPermissions } from '@/lib/auth/current';
import { deleteImages } from '@/lib/files/storage';
import { countMembers, groupGrantsBeyond } from '@/lib/org/groups';
import { isUniqueViolation } from '@/lib/profile/unique-violation';

import { lockGroup } from './load';
import { groupPath, GROUPS_PATH } from './paths';
import { createGroupSchema, deleteGroupSchema, updateGroupSchema } from './schemas';

const NAME_TAKEN = 'groups.errors.nameTaken';

export const createGroup = orgAction('groups.manage', createGroupSchema, async (input, { current, meta, values }) => {
  const { user, org } = current;
  const db = await getDb();
  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(groups)
        .values({ orgId: org.id, ...input })
        .returning({ id: groups.id });
      await audit(tx, {
        orgId: org.id,
        actorUserId: user.id,
        action: 'group.created',
        targetType: 'group',
        targetId: created.id,
        data: { name: input.name, type: input.type, visibility: input.visibility },
        meta,
      });
      return created.id;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'groups_org_name_key'))
      return failure('errors.checkFields', { name: [NAME_TAKEN] }, values);
    throw error;
  }
  revalidatePath(GROUPS_PATH);
  redirect(`${groupPath(id)}?notice=created`);
});

const EDITABLE = ['name', 'type', 'visibility', 'description'] as const;

export const updateGroup = orgAction(
  'groups.manage',
  updateGroupSchema,
  async ({ groupId, ...input }, { current, meta, values }) => {
    const { user, org } = current;
    const db = await getDb();
    let changed: string[];
    try {
      changed = await db.transaction(async (tx) => {
        const group = await lockGroup(tx, org.id, groupId);
        const fields = EDITABLE.filter((field) => group[field] !== input[field]);
        if (!fields.length) return fields;
        await tx
          .update(groups)
          .set({ ...input, updatedAt: new Date() })
          .where(and(eq(groups.id, group.id), eq(groups.orgId, org.id)));
        await audit(tx, {
          orgId: org.id,
          actorUserId: user.id,
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
        return fields;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'groups_org_name_key'))
        return failure('errors.checkFields', { name: [NAME_TAKEN] }, values);
      throw error;
    }
    if (changed.length) {
      revalidatePath(GROUPS_PATH);
      revalidatePath(groupPath(groupId));
    }
    return success('groups.saved');
  },
);

/**
 * The typed name must match exactly (spaces at the ends aside), so the form works without
 * JavaScript and a stray click cannot delete a group.
 */
export const deleteGroup = orgAction(
  'groups.manage',
  deleteGroupSchema,
  async ({ groupId, confirmName }, { current, meta, values }) => {
    const { user, org } = current;
    const db = await getDb();
    const held = await getCurrentPermissions();
    const outcome = await db.transaction(async (tx) => {
      const group = await lockGroup(tx, org.id, groupId);
      // Deleting a group takes its roles away from every member: the same rule as removing them.
      if (await groupGrantsBeyond(tx, held, org.id, group.id)) return { confirmed: false as const, beyond: true };
      if (confirmName.trim() !== group.name) return { confirmed: false as const };
      const members = await countMembers(tx, org.id, group.id);
      const photo = group.photoFileId ? await deleteImages(tx, { orgId: org.id, ids: [group.photoFileId] }) : null;
      await tx.delete(groups).where(and(eq(groups.id, group.id), eq(groups.orgId, org.id)));
      await audit(tx, {
        orgId: org.id,
        actorUserId: user.id,
        action: 'group.deleted',
        targetType: 'group',
        targetId: group.id,
        data: { name: group.name, type: group.type, visibility: group.visibility, members },
        meta,
      });
      return { confirmed: true as const, afterCommit: photo?.afterCommit };
    });
    if ('beyond' in outcome) return failure('groups.errors.deleteBeyondYours', undefined, values);
    if (!outcome.confirmed) {
      return failure(
        'errors.checkFields',
        { confirmName: ['groups.errors.confirmName'] },
        { ...values, confirmName: '' },
      );
    }
    await outcome.afterCommit?.();
    revalidatePath(GROUPS_PATH);
    redirect(`${GROUPS_PATH}?notice=deleted`);
  },
);
