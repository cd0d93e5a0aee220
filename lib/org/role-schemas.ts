import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';
import { PERMISSIONS, type Permission } from '../auth/permissions';

export const ROLE_NAME_MAX = 60;
export const ROLE_DESCRIPTION_MAX = 300;

/**
 * One checkbox per permission, each with its own name: a re-rendered form without JavaScript
 * gets back every box that was ticked (repeated keys would collapse to one), and dots in a name
 * would read as nesting to react-hook-form.
 */
export const permissionField = (p: Permission) => `perm_${p.replace(/\./g, '_')}`;

/** A ticked box posts "on" without JavaScript; react-hook-form hands over true. */
const box = fields.checkbox();

const permissionBoxes = Object.fromEntries(PERMISSIONS.map((p) => [permissionField(p), box])) as Record<
  string,
  typeof box
>;

const uuid = (message: string) => z.string({ error: message }).trim().pipe(z.uuid(message));

/**
 * Only names in PERMISSIONS can come out of this: a posted box for anything else is not a key
 * of the object and is dropped before the action sees it.
 */
export const roleSchema = z
  .object({
    roleId: uuid('orgRoles.errors.roleNotFound').optional(),
    name: fields.requiredText(ROLE_NAME_MAX),
    description: fields.text(ROLE_DESCRIPTION_MAX).optional().default(''),
    ...permissionBoxes,
  })
  .transform(({ roleId, name, description, ...boxes }, ctx) => {
    const permissions = PERMISSIONS.filter((p) => (boxes as Record<string, boolean>)[permissionField(p)]);
    if (!permissions.length) {
      ctx.addIssue({ code: 'custom', path: ['permissions'], message: 'orgRoles.errors.permissionsRequired' });
      return z.NEVER;
    }
    return { roleId, name, description, permissions };
  });
export type RoleValues = Record<string, string | boolean | undefined>;

export const deleteRoleSchema = z.object({
  roleId: uuid('orgRoles.errors.roleNotFound'),
  confirmName: fields.requiredText(ROLE_NAME_MAX + 20),
});
export type DeleteRoleValues = z.input<typeof deleteRoleSchema>;

const ASSIGNEE = /^(user|group):([0-9a-f-]{36})$/i;

/** "Assign to" is one select listing users and groups: `user:<id>` or `group:<id>`. */
export const assignRoleSchema = z.object({
  roleId: uuid('orgRoles.errors.chooseRole'),
  assignee: z
    .string({ error: 'orgRoles.errors.chooseAssignee' })
    .trim()
    .min(1, 'orgRoles.errors.chooseAssignee')
    .regex(ASSIGNEE, 'orgRoles.errors.chooseAssignee')
    .transform((value) => {
      const [, kind, id] = ASSIGNEE.exec(value)!;
      return { kind: kind.toLowerCase() as 'user' | 'group', id: id.toLowerCase() };
    }),
});
export type AssignRoleValues = z.input<typeof assignRoleSchema>;

export const unassignRoleSchema = z.object({ assignmentId: uuid('orgRoles.errors.assignmentNotFound') });
/** roleId: the role being edited; none when one is created. */
export type RoleInput = Omit<z.output<typeof roleSchema>, 'roleId'> & { roleId?: string };
export type DeleteRoleInput = z.output<typeof deleteRoleSchema>;
export type AssignRoleInput = z.output<typeof assignRoleSchema>;
export type UnassignRoleInput = z.output<typeof unassignRoleSchema>;
