'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button, buttonClass } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input, inputClass, Select } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import {
  GROUP_DESCRIPTION_MAX,
  GROUP_NAME_MAX,
  GROUP_TYPES,
  GROUP_VISIBILITIES,
  groupFieldsSchema,
  type GroupFieldsValues,
} from '@/lib/org/group-schemas';

import { createGroup, updateGroup } from './actions';
import { GROUPS_PATH } from './paths';

type Initial = { name: string; type: string; visibility: string; description: string };

const BLANK: Initial = { name: '', type: 'team', visibility: 'public', description: '' };

/**
 * "New group" (no `groupId`) or the group's details. The browser checks the fields with the
 * same schema; the id travels as a hidden field and is checked against the organization.
 */
export function GroupForm({ groupId, initial = BLANK }: { groupId?: string; initial?: Initial }) {
  const t = useTranslations('groups');
  const { state, form, pending, formAction, onSubmit, errorsFor, valueOf } = useActionForm<GroupFieldsValues>(
    groupId ? updateGroup : createGroup,
    groupFieldsSchema,
  );
  const prefix = groupId ? 'group' : 'new-group';
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      {groupId ? <input type="hidden" name="groupId" value={groupId} /> : null}
      <Field id={`${prefix}-name`} label={t('name')} hint={t('nameHint')} errors={errorsFor('name')}>
        <Input
          required
          maxLength={GROUP_NAME_MAX}
          autoComplete="off"
          defaultValue={valueOf('name', initial.name)}
          {...form.register('name')}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${prefix}-type`} label={t('type')} errors={errorsFor('type')}>
          <Select required defaultValue={valueOf('type', initial.type)} {...form.register('type')}>
            {GROUP_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`types.${type}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id={`${prefix}-visibility`}
          label={t('visibility')}
          hint={t('visibilityHint')}
          errors={errorsFor('visibility')}
        >
          <Select required defaultValue={valueOf('visibility', initial.visibility)} {...form.register('visibility')}>
            {GROUP_VISIBILITIES.map((visibility) => (
              <option key={visibility} value={visibility}>
                {t(`visibilities.${visibility}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field
        id={`${prefix}-description`}
        label={t('description')}
        hint={t('descriptionHint')}
        errors={errorsFor('description')}
      >
        <textarea
          rows={3}
          maxLength={GROUP_DESCRIPTION_MAX}
          defaultValue={valueOf('description', initial.description)}
          className={cn(inputClass, 'resize-y')}
          {...form.register('description')}
        />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={pending}>
          {groupId ? t('save') : t('create')}
        </Button>
        {groupId ? null : (
          <Link href={GROUPS_PATH} className={buttonClass('ghost')}>
            {t('cancel')}
          </Link>
        )}
      </div>
    </form>
  );
}
