'use client';

import { useSyncExternalStore } from 'react';
import { useFieldArray, type Path, type UseFormReturn } from 'react-hook-form';
import { useTranslations } from 'use-intl';

import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { CONTACT_KINDS, MAX_CONTACTS } from '@/lib/profile/contacts';
import { HANDLE_MAX, type ProfileFormValues } from '@/lib/profile/form-schema';

export type ContactRow = { kind: string; handle: string; remove?: unknown };

const noop = () => () => {};
/** False on the server and while hydrating, true once scripts run: the no-JS markup comes first. */
const useScriptsRunning = () =>
  useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );

/** The rows a form starts with: the given ones and, while there is room, one blank row to fill in. */
export function rowsForForm(rows: ContactRow[]): ContactRow[] {
  const list = rows.slice(0, MAX_CONTACTS + 1).map((row) => ({
    kind: typeof row.kind === 'string' ? row.kind : '',
    handle: typeof row.handle === 'string' ? row.handle : '',
    ...(row.remove ? { remove: row.remove } : {}),
  }));
  const last = list.at(-1);
  if (list.length < MAX_CONTACTS && (!last || last.handle.trim() || last.kind)) list.push({ kind: '', handle: '' });
  return list;
}

/**
 * The contact and messenger accounts. Without JavaScript: the saved rows, each with a "Remove"
 * checkbox, and one blank row. With it: rows are added and removed in place.
 */
export function ContactsFields({
  form,
  rows,
  errorsFor,
}: {
  form: UseFormReturn<ProfileFormValues>;
  rows: ContactRow[];
  errorsFor: (name: Path<ProfileFormValues>) => string[] | undefined;
}) {
  const t = useTranslations('profile');
  const enhanced = useScriptsRunning();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'contacts' });
  const list: Array<ContactRow & { key: string }> = enhanced
    ? fields.map((field) => ({ key: field.id, kind: field.kind, handle: field.handle }))
    : rows.map((row, index) => ({ key: String(index), ...row }));
  const listErrors = errorsFor('contacts');
  const full = fields.length >= MAX_CONTACTS;

  return (
    <div className="space-y-4">
      {listErrors?.length ? (
        <ul id="contacts-error" className="space-y-0.5 text-sm text-red-700 dark:text-red-400">
          {listErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      {list.map((row, index) => (
        <fieldset
          key={row.key}
          className="grid gap-3 rounded-md border border-zinc-200 p-3 sm:grid-cols-[11rem_minmax(0,1fr)_auto] sm:items-start dark:border-zinc-800"
        >
          <legend className="sr-only">{t('contactAccount', { number: index + 1 })}</legend>
          <Field id={`contacts-${index}-kind`} label={t('contactKind')} errors={errorsFor(`contacts.${index}.kind`)}>
            <Select defaultValue={row.kind} {...form.register(`contacts.${index}.kind`)}>
              <option value="">{t('chooseKind')}</option>
              {CONTACT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kinds.${kind}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id={`contacts-${index}-handle`}
            label={t('contactHandle')}
            errors={errorsFor(`contacts.${index}.handle`)}
          >
            <Input
              maxLength={HANDLE_MAX}
              autoComplete="off"
              defaultValue={row.handle}
              {...form.register(`contacts.${index}.handle`)}
            />
          </Field>
          <div className="sm:pt-7">
            {enhanced ? (
              <Button
                type="button"
                variant="ghost"
                aria-label={t('removeAccount', { number: index + 1 })}
                onClick={() => remove(index)}
              >
                {t('remove')}
              </Button>
            ) : row.handle ? (
              <label className="inline-flex min-h-10 items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name={`contacts.${index}.remove`}
                  defaultChecked={Boolean(row.remove)}
                  className="size-4 accent-brand-600"
                />
                {t('remove')}
              </label>
            ) : null}
          </div>
        </fieldset>
      ))}
      {enhanced ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" variant="secondary" disabled={full} onClick={() => append({ kind: '', handle: '' })}>
            {t('addAccount')}
          </Button>
          {full ? <p className="text-sm muted">{t('contactsLimit')}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
