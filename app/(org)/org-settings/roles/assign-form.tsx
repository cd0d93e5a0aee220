'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/input';
import { assignRoleSchema, type AssignRoleValues } from '@/lib/org/role-schemas';

import { assignRole } from './assignment-actions';

type Option = { id: string; name: string };
type Props = {
  roles: Option[];
  people: Array<Option & { email: string }>;
  groups: Option[];
  /** The role chosen to begin with (coming from a role's page). */
  initialRole?: string;
};

/** One select holds people and groups, so assigning to either is the same two choices. */
export function AssignRoleForm({ roles, people, groups, initialRole }: Props) {
  const t = useTranslations('orgRoles');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<AssignRoleValues>(
    assignRole,
    assignRoleSchema,
  );
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="assign-role" label={t('role')} errors={errorsFor('roleId')}>
          <Select required defaultValue={valueOf('roleId', initialRole)} {...form.register('roleId')}>
            <option value="">{t('chooseRole')}</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="assign-to" label={t('assignTo')} errors={errorsFor('assignee')}>
          <Select required defaultValue={valueOf('assignee')} {...form.register('assignee')}>
            <option value="">{t('chooseAssignee')}</option>
            {people.length ? (
              <optgroup label={t('usersGroup')}>
                {people.map((p) => (
                  <option key={p.id} value={`user:${p.id}`}>
                    {p.name === p.email ? p.email : `${p.name} (${p.email})`}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {groups.length ? (
              <optgroup label={t('groupsGroup')}>
                {groups.map((g) => (
                  <option key={g.id} value={`group:${g.id}`}>
                    {g.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </Select>
        </Field>
      </div>
      <Button type="submit" pending={pending}>
        {t('assignRole')}
      </Button>
    </form>
  );
}
