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

const uuid = (message: string) => z.pipe(z.string({ error: message }).check(z.trim()), z.uuid(message));

/**
 * Only names in PERMISSIONS can come out of this: a posted box for anything else is not a key
 * of the object and is dropped before the action sees it.
 */
const roleFields = z.object({
  roleId: z.optional(uuid('orgRoles.errors.roleNotFound')),
  name: fields.requiredText(ROLE_NAME_MAX),
  description: z._default(z.optional(fields.text(ROLE_DESCRIPTION_MAX)), ''),
  ...permissionBoxes,
});

export const roleSchema = z.pipe(
  roleFields,
  z.transform(({ roleId, name, description, ...boxes }: z.output<typeof roleFields>, ctx) => {
    const permissions = PERMISSIONS.filter((p) => (boxes as Record<string, boolean>)[permissionField(p)]);
    if (!permissions.length) {
      ctx.issues.push({
        code: 'custom',
        path: ['permissions'],
        message: 'orgRoles.errors.permissionsRequired',
        input: ctx.value,
      });
      return z.NEVER;
    }
    return { roleId, name, description, permissions };
  }),
);
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
  assignee: z.pipe(
    z
      .string({ error: 'orgRoles.errors.chooseAssignee' })
      .check(
        z.trim(),
        z.minLength(1, 'orgRoles.errors.chooseAssignee'),
        z.regex(ASSIGNEE, 'orgRoles.errors.chooseAssignee'),
      ),
    z.transform((value: string) => {
      const [, kind, id] = ASSIGNEE.exec(value)!;
      return { kind: kind.toLowerCase() as 'user' | 'group', id: id.toLowerCase() };
    }),
  ),
});
export type AssignRoleValues = z.input<typeof assignRoleSchema>;

export const unassignRoleSchema = z.object({ assignmentId: uuid('orgRoles.errors.assignmentNotFound') });
/** roleId: the role being edited; none when one is created. */
export type RoleInput = Omit<z.output<typeof roleSchema>, 'roleId'> & { roleId?: string };
export type DeleteRoleInput = z.output<typeof deleteRoleSchema>;
export type AssignRoleInput = z.output<typeof assignRoleSchema>;
export type UnassignRoleInput = z.output<typeof unassignRoleSchema>;
