'use server';

import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';

import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { actorOf } from '@/lib/org/actor';
import { createGroup as create, deleteGroup as remove, updateGroup as update } from '@/lib/org/group-admin';
import { createGroupSchema, deleteGroupSchema, updateGroupSchema } from '@/lib/org/group-schemas';

import { groupPath, GROUPS_PATH } from './paths';

const NAME_TAKEN = { name: ['groups.errors.nameTaken' as const] };

export const createGroup = orgAction(
  'groups.manage',
  createGroupSchema,
  async (input, { db, current, meta, values }) => {
    const result = await create(db, actorOf(current), input, meta);
    if (!result.ok) return failure('errors.checkFields', NAME_TAKEN, values);
    revalidatePath(GROUPS_PATH);
    await setFlash(groupPath(result.groupId), { status: 'success', key: 'groups.notice.created' });
    redirect(groupPath(result.groupId));
  },
);

export const updateGroup = orgAction(
  'groups.manage',
  updateGroupSchema,
  async (input, { db, current, meta, values }) => {
    const result = await update(db, actorOf(current), input, meta);
    if (!result.ok) {
      if (result.error === 'notFound') notFound();
      return failure('errors.checkFields', NAME_TAKEN, values);
    }
    if (result.changed.length) {
      revalidatePath(GROUPS_PATH);
      revalidatePath(groupPath(input.groupId));
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
  async (input, { db, current, meta, values }) => {
    const result = await remove(db, actorOf(current), input, meta);
    if (!result.ok) {
      switch (result.error) {
        case 'notFound':
          notFound();
        case 'beyondYours':
          return failure('groups.errors.deleteBeyondYours', undefined, values);
        case 'confirmName':
          return failure(
            'errors.checkFields',
            { confirmName: ['groups.errors.confirmName'] },
            { ...values, confirmName: '' },
          );
      }
    }
    revalidatePath(GROUPS_PATH);
    await setFlash(GROUPS_PATH, { status: 'success', key: 'groups.notice.deleted', values: { name: result.name } });
    redirect(GROUPS_PATH);
  },
);
