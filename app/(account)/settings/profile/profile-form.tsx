'use client';

import { useEffect, useMemo, useRef } from 'react';
import type { Path } from 'react-hook-form';
import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button, buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { useSchemaMessage } from '@/components/ui/use-schema-message';
import type { ActionState } from '@/lib/actions/result';
import { collectContactRows } from '@/lib/profile/contacts';
import { EARLIEST_BIRTH_DATE } from '@/lib/profile/date-of-birth';
import {
  JOB_TITLE_MAX,
  NAME_MAX,
  PHONE_INPUT_MAX,
  profileFormSchema,
  type ProfileFormValues,
} from '@/lib/profile/form-schema';
import { USERNAME_MAX } from '@/lib/profile/username';

import { updateProfile } from './actions';
import { ContactsFields, rowsForForm, type ContactRow } from './contacts-fields';

type TextField = Exclude<keyof ProfileFormValues, 'contacts' | 'version'>;

/** The day after the earliest allowed one, as the date input's `min`. */
const MIN_BIRTH_DATE = new Date(Date.parse(EARLIEST_BIRTH_DATE) + 86_400_000).toISOString().slice(0, 10);

function formDefaults(
  initial: ProfileFormValues,
  echoed?: Record<string, string>,
): ProfileFormValues & { contacts: ContactRow[] } {
  if (!echoed) return { ...initial, contacts: rowsForForm(initial.contacts) };
  const posted = (collectContactRows(echoed) as { contacts: ContactRow[] }).contacts;
  const pick = (name: TextField) => echoed[name] ?? initial[name];
  return {
    version: echoed.version ?? initial.version,
    firstName: pick('firstName'),
    lastName: pick('lastName'),
    displayName: pick('displayName'),
    username: pick('username'),
    jobTitle: pick('jobTitle'),
    phone: pick('phone'),
    dateOfBirth: pick('dateOfBirth'),
    contacts: rowsForForm(posted),
  };
}

/** The values a successful save answered with, unless the page has loaded a newer version since. */
function storedValues(initial: ProfileFormValues, state: ActionState): ProfileFormValues {
  const saved = state.status === 'success' ? state.values : undefined;
  if (!saved?.version || Number(saved.version) <= Number(initial.version)) return initial;
  return formDefaults(initial, saved);
}

export function ProfileForm({
  initial,
  regionName,
  maxBirthDate,
}: {
  initial: ProfileFormValues;
  regionName: string;
  maxBirthDate: string;
}) {
  const t = useTranslations('profile');
  const schemaText = useSchemaMessage();
  // Checked in the browser except the phone number, which only the server can read (its metadata
  // is too large to send): a number it refuses comes back as that field's error.
  const { state, form, pending, formAction, onSubmit } = useActionForm<ProfileFormValues>(
    updateProfile,
    profileFormSchema,
    formDefaults(initial),
  );
  // A save answers with the values as stored now and their version: the base of the next save,
  // until the page is loaded again with a newer one.
  const stored = useMemo(() => storedValues(initial, state), [initial, state]);
  // Without JavaScript a failed save renders the page again: show what was typed, not what is stored.
  const defaults = state.status === 'error' ? formDefaults(initial, state.values) : formDefaults(stored);
  const { register } = form;

  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === 'idle') return;
    // Animations off (the user's choice, or the system's when unset) means an instant jump.
    const root = document.documentElement.classList;
    const still =
      root.contains('motion-off') ||
      (!root.contains('motion-on') && matchMedia('(prefers-reduced-motion: reduce)').matches);
    statusRef.current?.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  }, [state]);

  // A successful save bumps the stored version: show the stored values (the phone number
  // formatted, the username lower-cased) and carry the new version into the next save. A form
  // posted before scripts loaded hydrates with what was typed, which react-hook-form must hold.
  const shownVersion = useRef<string | null>(null);
  useEffect(() => {
    if (shownVersion.current === stored.version) return;
    const hydrating = shownVersion.current === null;
    shownVersion.current = stored.version;
    if (!hydrating) form.reset(formDefaults(stored));
    else if (state.status === 'error' && state.values) form.reset(formDefaults(initial, state.values));
  }, [stored, initial, form, state]);

  /** The browser's check while typing, else the server's answer; nested names included. */
  const errorsFor = (name: Path<ProfileFormValues>): string[] | undefined => {
    const error = form.getFieldState(name, form.formState).error as
      { message?: string; root?: { message?: string } } | undefined;
    const local = error?.message ?? error?.root?.message;
    return local ? [schemaText(local)] : state.fieldErrors?.[name];
  };

  const text = (
    name: TextField,
    label: string,
    props: {
      autoComplete: string;
      maxLength: number;
      required?: boolean;
      hint?: string;
      type?: string;
      inputMode?: 'tel';
    },
  ) => {
    const { hint, ...inputProps } = props;
    return (
      <Field id={name} label={label} hint={hint} errors={errorsFor(name)}>
        <Input {...inputProps} defaultValue={defaults[name]} {...register(name)} />
      </Field>
    );
  };

  const versionErrors = state.fieldErrors?.version;

  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-6">
      <div ref={statusRef} className="scroll-mt-4 empty:hidden">
        <FormStatus state={state} />
        {versionErrors?.length ? (
          <p className="mt-2 text-sm text-red-700 dark:text-red-400">{versionErrors[0]}</p>
        ) : null}
      </div>
      <input type="hidden" name="version" value={defaults.version} readOnly />

      <Card title={t('details')} id="details" description={t('detailsDescription')}>
        <div className="grid gap-4 sm:grid-cols-2">
          {text('firstName', t('firstName'), { autoComplete: 'given-name', maxLength: NAME_MAX, required: true })}
          {text('lastName', t('lastName'), { autoComplete: 'family-name', maxLength: NAME_MAX, required: true })}
          <div className="sm:col-span-2">
            {text('displayName', t('displayName'), {
              autoComplete: 'nickname',
              maxLength: NAME_MAX,
              hint: t('displayNameHint'),
            })}
          </div>
          <div className="sm:col-span-2">
            {text('username', t('username'), {
              autoComplete: 'username',
              maxLength: USERNAME_MAX,
              hint: t('usernameHint'),
            })}
          </div>
          <div className="sm:col-span-2">
            {text('jobTitle', t('jobTitle'), { autoComplete: 'organization-title', maxLength: JOB_TITLE_MAX })}
          </div>
          {text('phone', t('phone'), {
            type: 'tel',
            inputMode: 'tel',
            autoComplete: 'tel',
            maxLength: PHONE_INPUT_MAX,
            hint: t('phoneHint', { country: regionName }),
          })}
          <Field id="dateOfBirth" label={t('dateOfBirth')} errors={errorsFor('dateOfBirth')}>
            <Input
              type="date"
              autoComplete="bday"
              min={MIN_BIRTH_DATE}
              max={maxBirthDate}
              defaultValue={defaults.dateOfBirth}
              {...register('dateOfBirth')}
            />
          </Field>
        </div>
      </Card>

      <Card title={t('contacts')} id="contacts" description={t('contactsHint')}>
        <ContactsFields form={form} rows={defaults.contacts} errorsFor={errorsFor} />
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          {t('save')}
        </Button>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load puts every field back to the stored values, with or without JS */}
        <a href="/settings/profile" className={buttonClass('secondary')}>
          {t('cancel')}
        </a>
      </div>
    </form>
  );
}
