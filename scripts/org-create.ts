import { parseArgs } from 'node:util';

import { getDbHandle } from '@/db';
import { fields } from '@/lib/actions/schema-fields';
import { normalizeEmail } from '@/lib/auth/email';
import { DEFAULT_LOCALE, isLocale, LOCALES } from '@/lib/i18n/config';
import { createOrganizationWithOwnerInvite } from '@/lib/org/create-org';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    'owner-email': { type: 'string' },
    'owner-first-name': { type: 'string' },
    'owner-last-name': { type: 'string' },
    locale: { type: 'string' },
  },
});
const name = values.name?.trim();
const ownerEmail = values['owner-email'] ? normalizeEmail(values['owner-email']) : '';
/** The owner's name, taken into the account when the invitation is accepted: checked as the forms check names. */
const personName = (value: string | undefined) => {
  if (value === undefined) return '';
  const parsed = fields.personName().safeParse(value);
  return parsed.success ? parsed.data : null;
};
const ownerFirstName = personName(values['owner-first-name']);
const ownerLastName = personName(values['owner-last-name']);
/** The language of the owner's invitation mail. */
const locale = values.locale ?? DEFAULT_LOCALE;
if (
  !name ||
  !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(ownerEmail) ||
  !isLocale(locale) ||
  ownerFirstName === null ||
  ownerLastName === null
) {
  console.error(
    'Usage: npm run org:create -- --name "Acme" --owner-email owner@acme.test ' +
      `[--owner-first-name Ada] [--owner-last-name Lovelace] [--locale ${LOCALES.join('|')}]`,
  );
  process.exit(2);
}
const handle = await getDbHandle();
try {
  const { orgId, link } = await createOrganizationWithOwnerInvite(handle.db, {
    name,
    ownerEmail,
    ownerFirstName,
    ownerLastName,
    locale,
  });
  console.log(`Created organization "${name}" (${orgId}).`);
  console.log(`Owner invitation for ${ownerEmail} (valid 7 days):`);
  console.log(link);
} finally {
  await handle.close();
}
