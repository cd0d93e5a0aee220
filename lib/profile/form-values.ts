import 'server-only';

import type { AccountUser } from './account-user';
import { MAX_CONTACTS } from './contacts';
import { formatPhoneInternational } from './phone';
import type { ProfileFormValues } from './schemas';

type StoredProfile = Pick<
  AccountUser,
  'version' | 'firstName' | 'lastName' | 'displayName' | 'username' | 'jobTitle' | 'phone' | 'dateOfBirth' | 'contacts'
>;

/** The profile form's values for a stored profile: strings throughout, the phone number as people read it. */
export function profileFormValues(user: StoredProfile): ProfileFormValues {
  return {
    version: String(user.version),
    firstName: user.firstName,
    lastName: user.lastName,
    displayName: user.displayName ?? '',
    username: user.username ?? '',
    jobTitle: user.jobTitle ?? '',
    phone: formatPhoneInternational(user.phone),
    dateOfBirth: user.dateOfBirth ?? '',
    contacts: user.contacts.slice(0, MAX_CONTACTS).map(({ kind, handle }) => ({ kind, handle })),
  };
}

/**
 * The same values as a form posts them (`contacts.0.kind`, …): what a save answers, so the form
 * shows what is stored now (and carries the new version) without the page being rendered again.
 */
export function profileFormFields(values: ProfileFormValues): Record<string, string> {
  const { contacts, ...text } = values;
  const fields: Record<string, string> = { ...text };
  contacts.forEach(({ kind, handle }, index) => {
    fields[`contacts.${index}.kind`] = kind;
    fields[`contacts.${index}.handle`] = handle;
  });
  return fields;
}
