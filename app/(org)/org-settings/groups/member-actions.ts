'use server';

import { and, eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';

import { getDb } from '@/db';
import { groupMembers } from '@/db/schema';
import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { audit } from '@/lib/audit/log';
import { getCurrentPermissions } from '@/lib/auth/current';
import { findOrgUser, groupGrantsBeyond } from '@/lib/org/groups';

import { lockGroup } from './load';
import { groupPath, GROUPS_PATH } from './paths';
import { memberSchema } from './schemas';

/**
 * Adds a person of the caller's organization. Someone of another organization is answered like
 * an id that does not exist; deactivated people cannot be added. Joining a group gives what its
 * roles grant, so only someone who holds all of that may add (or remove) its members.
 */
export const addGroupMember = orgAction(
  'groups.manage',
  memberSchema,
  async ({ groupId, userId }, { current, meta }) => {
    const { user, org } = current;
    const db = await getDb();
    // Read before the transaction: on the embedded database a second query would wait for it.
    const held = await getCurrentPermissions();
    const outcome = await db.transaction(async (tx) => {
      const group = await lockGroup(tx, org.id, groupId, 'share');
      if (await groupGrantsBeyond(tx, held, org.id, group.id)) return 'groups.errors.grantsBeyondYours';
      const person = await findOrgUser(tx, org.id, userId);
      if (!person) return 'groups.errors.userNotFound';
      if (person.status === 'deactivated') return 'groups.errors.userDeactivated';
      const added = await tx
        .insert(groupMembers)
        .values({ orgId: org.id, groupId: group.id, userId: person.id })
        .onConflictDoNothing()
        .returning({ userId: groupMembers.userId });
      if (!added.length) return 'groups.errors.alreadyMember';
      await audit(tx, {
        orgId: org.id,
        actorUserId: user.id,
        action: 'group.member_added',
        targetType: 'group',
        targetId: group.id,
        data: { userId: person.id, email: person.email, group: group.name },
        meta,
      });
      return null;
    });
    if (outcome) return failure(outcome);
    revalidatePath(groupPath(groupId));
    revalidatePath(GROUPS_PATH);
    return success('groups.memberAdded');
  },
);

export const removeGroupMember = orgAction(
  'groups.manage',
  memberSchema,
  async ({ groupId, userId }, { current, meta }) => {
    const { user, org } = current;
    const db = await getDb();
    // Read before the transaction: on the embedded database a second query would wait for it.
    const held = await getCurrentPermissions();
    const outcome = await db.transaction(async (tx) => {
      const group = await lockGroup(tx, org.id, groupId, 'share');
      if (await groupGrantsBeyond(tx, held, org.id, group.id)) return 'groups.errors.grantsBeyondYours';
      const person = await findOrgUser(tx, org.id, userId);
      if (!person) return 'groups.errors.notMember';
      const rows = await tx
        .delete(groupMembers)
        .where(
          and(eq(groupMembers.orgId, org.id), eq(groupMembers.groupId, group.id), eq(groupMembers.userId, person.id)),
        )
        .returning({ userId: groupMembers.userId });
      if (!rows.length) return 'groups.errors.notMember';
      await audit(tx, {
        orgId: org.id,
        actorUserId: user.id,
        action: 'group.member_removed',
        targetType: 'group',
        targetId: group.id,
        data: { userId: person.id, email: person.email, group: group.name },
        meta,
      });
      return null;
    });
    if (outcome) return failure(outcome);
    revalidatePath(groupPath(groupId));
    revalidatePath(GROUPS_PATH);
    return success('groups.memberRemoved');
  },
);
