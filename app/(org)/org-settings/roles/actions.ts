'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { orgAction } from '@/lib/actions/define';
import { failure, success, type ActionResult } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { actorOf } from '@/lib/org/actor';
import {
  createRole as create,
  deleteRole as remove,
  updateRole as update,
  type RoleWriteResult,
} from '@/lib/org/role-admin';
import { deleteRoleSchema, roleSchema } from '@/lib/org/role-schemas';

const PAGE = '/org-settings/roles';

/** A refused create or edit, as the form shows it. */
function refused(result: Exclude<RoleWriteResult, { ok: true }>, values: Record<string, string>): ActionResult {
  switch (result.error) {
    case 'roleNotFound':
      return failure('orgRoles.errors.roleNotFound', undefined, values);
    case 'nameReserved':
      return failure('errors.checkFields', { name: ['orgRoles.errors.nameReserved'] }, values);
    case 'nameTaken':
      return failure('errors.checkFields', { name: ['orgRoles.errors.nameTaken'] }, values);
    case 'notHeld':
      // Holding roles.manage lets someone shape roles, not rise above their own permissions.
      return failure('errors.checkFields', { permissions: ['orgRoles.errors.notHeld'] }, values);
  }
}

export const createRole = orgAction('roles.manage', roleSchema, async (input, { db, current, meta, values }) => {
  const result = await create(db, actorOf(current), input, meta);
  if (!result.ok) return refused(result, values);
  revalidatePath(PAGE, 'layout');
  await setFlash(PAGE, { status: 'success', key: 'orgRoles.created' });
  redirect(PAGE);
});

export const updateRole = orgAction('roles.manage', roleSchema, async (input, { db, current, meta, values }) => {
  const result = await update(db, actorOf(current), input, meta);
  if (!result.ok) return refused(result, values);
  if (result.changed) revalidatePath(PAGE, 'layout');
  return success('orgRoles.saved');
});

/** The typed name is the confirmation, so deleting works the same with and without JavaScript. */
export const deleteRole = orgAction('roles.manage', deleteRoleSchema, async (input, { db, current, meta, values }) => {
  const result = await remove(db, actorOf(current), input, meta);
  if (!result.ok) {
    switch (result.error) {
      case 'roleNotFound':
        return failure('orgRoles.errors.roleNotFound', undefined, values);
      case 'beyondYours':
        return failure('orgRoles.errors.deleteBeyondYours', undefined, values);
      case 'confirmName':
        return failure('errors.checkFields', { confirmName: ['orgRoles.errors.confirmName'] }, values);
    }
  }
  revalidatePath(PAGE, 'layout');
  await setFlash(PAGE, { status: 'success', key: 'orgRoles.deleted' });
  redirect(PAGE);
});
