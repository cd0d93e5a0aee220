'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { PERMISSIONS, type Permission } from '@/lib/auth/permissions';
import {
  permissionField,
  ROLE_DESCRIPTION_MAX,
  ROLE_NAME_MAX,
  roleSchema,
  type RoleValues,
} from '@/lib/org/role-schemas';

import { createRole, updateRole } from './actions';

type Props = {
  role?: { id: string; name: string; description: string; permissions: Permission[] };
  /** What the editor holds: only these may be added or removed (the server checks the same). */
  grantable: Permission[];
};

/** Creates a role, or edits one when `role` is given. */
export function RoleForm({ role, grantable }: Props) {
  const t = useTranslations('orgRoles');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<RoleValues>(
    role ? updateRole : createRole,
    roleSchema,
  );
  // After a failed post without JavaScript the boxes show what was sent, not what is stored.
  const echoed = state.values !== undefined;
  const checked = (p: Permission) =>
    echoed ? Boolean(state.values?.[permissionField(p)]) : (role?.permissions.includes(p) ?? false);
  const permissionErrors = errorsFor('permissions');
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-5">
      <FormStatus state={state} />
      {role ? <input type="hidden" name="roleId" value={role.id} /> : null}
      <Field id="role-name" label={t('roleName')} hint={t('roleNameHint')} errors={errorsFor('name')}>
        <Input
          required
          maxLength={ROLE_NAME_MAX}
          autoComplete="off"
          defaultValue={valueOf('name', role?.name)}
          {...form.register('name')}
        />
      </Field>
      <Field
        id="role-description"
        label={t('description')}
        hint={t('descriptionHint')}
        errors={errorsFor('description')}
      >
        <Input
          maxLength={ROLE_DESCRIPTION_MAX}
          autoComplete="off"
          defaultValue={valueOf('description', role?.description)}
          {...form.register('description')}
        />
      </Field>
      <fieldset
        aria-describedby={permissionErrors?.length ? 'role-permissions-error' : 'role-permissions-hint'}
        aria-invalid={permissionErrors?.length ? true : undefined}
      >
        <legend className="text-sm font-medium">{t('permissionsLegend')}</legend>
        <p id="role-permissions-hint" className="mt-1 text-xs muted">
          {t('permissionsHint')}
        </p>
        <ul className="mt-3 grid gap-3 sm:grid-cols-2">
          {PERMISSIONS.map((p) => {
            const name = permissionField(p);
            // Only the editor's own permissions may be added or taken away. One the role already
            // grants beyond them stays as it is: shown ticked and posted by a hidden field.
            const locked = !grantable.includes(p);
            const kept = locked && (role?.permissions.includes(p) ?? false);
            return (
              <li key={p} className="flex items-start gap-3">
                {kept ? <input type="hidden" value="on" {...form.register(name)} /> : null}
                <input
                  type="checkbox"
                  id={`role-${name}`}
                  defaultChecked={kept || (checked(p) && !locked)}
                  disabled={locked}
                  aria-describedby={`role-${name}-hint`}
                  className="mt-0.5 size-4 shrink-0 accent-brand-600"
                  {...(locked ? {} : form.register(name))}
                />
                <span className="text-sm">
                  <label htmlFor={`role-${name}`} className="font-medium">
                    {t(`permissions.${p}.label`)}
                  </label>
                  <span id={`role-${name}-hint`} className="block text-xs muted">
                    {t(`permissions.${p}.description`)}
                    {locked ? <span className="block italic">{t(kept ? 'notYoursKept' : 'notYours')}</span> : null}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
        {permissionErrors?.length ? (
          <ul id="role-permissions-error" className="mt-2 space-y-0.5 text-sm text-red-700 dark:text-red-400">
            {permissionErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
      </fieldset>
      <Button type="submit" pending={pending}>
        {role ? t('saveRole') : t('createRole')}
      </Button>
    </form>
  );
}
