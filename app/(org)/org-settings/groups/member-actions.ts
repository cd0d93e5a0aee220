'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';

import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import type { MessageKey } from '@/lib/i18n/message';
import { actorOf } from '@/lib/org/actor';
import { addGroupMember as add, removeGroupMember as remove, type MemberChangeResult } from '@/lib/org/group-admin';
import { memberSchema } from '@/lib/org/group-schemas';

import { groupPath, GROUPS_PATH } from './paths';

/** The message for each refusal; an unknown group is a 404. */
function answer(result: MemberChangeResult, groupId: string, done: MessageKey) {
  if (!result.ok) {
    if (result.error === 'notFound') notFound();
    return failure(`groups.errors.${result.error}`);
  }
  revalidatePath(groupPath(groupId));
  revalidatePath(GROUPS_PATH);
  return success(done);
}

/** Adds a person of the caller's organization (see addGroupMember for the rules). */
export const addGroupMember = orgAction('groups.manage', memberSchema, async (input, { db, current, meta }) =>
  answer(await add(db, actorOf(current), input, meta), input.groupId, 'groups.memberAdded'),
);

export const removeGroupMember = orgAction('groups.manage', memberSchema, async (input, { db, current, meta }) =>
  answer(await remove(db, actorOf(current), input, meta), input.groupId, 'groups.memberRemoved'),
);
