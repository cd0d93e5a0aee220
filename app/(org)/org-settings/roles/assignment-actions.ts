'use server';

import { revalidatePath } from 'next/cache';

import { orgAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { actorOf } from '@/lib/org/actor';
import { assignRole as assign, unassignRole as unassign } from '@/lib/org/role-admin';
import { assignRoleSchema, unassignRoleSchema } from '@/lib/org/role-schemas';

const PAGE = '/org-settings/roles';

/** Which field each refusal belongs to. */
const FIELD = {
  chooseRole: 'roleId',
  roleBeyondYours: 'roleId',
  chooseAssignee: 'assignee',
  alreadyAssigned: 'assignee',
} as const;

export const assignRole = orgAction('roles.manage', assignRoleSchema, async (input, { db, current, meta, values }) => {
  const result = await assign(db, actorOf(current), input, meta);
  if (!result.ok)
    return failure('errors.checkFields', { [FIELD[result.error]]: [`orgRoles.errors.${result.error}`] }, values);
  revalidatePath(PAGE, 'layout');
  return success('orgRoles.assigned');
});

export const unassignRole = orgAction('roles.manage', unassignRoleSchema, async (input, { db, current, meta }) => {
  const result = await unassign(db, actorOf(current), input, meta);
  if (!result.ok) return failure(`orgRoles.errors.${result.error}`);
  revalidatePath(PAGE, 'layout');
  return success('orgRoles.unassigned');
});
