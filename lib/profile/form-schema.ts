import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';
import { collectContactRows, isContactKind, MAX_CONTACT_ROWS, MAX_CONTACTS, type ContactKind } from './contacts';
import { birthDateProblem } from './date-of-birth';
import { isValidUsername, normalizeUsername } from './username';

export const NAME_MAX = 100;
export const JOB_TITLE_MAX = 100;
export const HANDLE_MAX = 200;
export const PHONE_INPUT_MAX = 40;

/** Empty optional text is stored as null, not as ''. */
const optionalText = (max: number) =>
  z.pipe(
    z.optional(z.string().check(z.trim(), z.maxLength(max, 'errors.tooLong'))),
    z.transform((v: string | undefined) => v || null),
  );

/** An unchecked checkbox sends no key at all, so absence is false. */
const checkbox = fields.checkbox();

const BIRTH_DATE_MESSAGES = {
  invalid: 'profile.errors.birthDateInvalid',
  tooEarly: 'profile.errors.birthDateTooEarly',
  future: 'profile.errors.birthDateFuture',
  tooYoung: 'profile.errors.birthDateTooYoung',
} as const;

const isKept = (row: { remove: boolean; handle: string }) => !row.remove && row.handle.trim() !== '';

const contactRowSchema = z
  .object({
    kind: z._default(z.optional(z.string().check(z.maxLength(40))), ''),
    handle: z._default(z.optional(z.string().check(z.maxLength(1000))), ''),
    remove: checkbox,
  })
  .check(
    z.superRefine((row, ctx) => {
      // A row marked for removal, or left empty (the blank row of a form without JS), is dropped.
      if (!isKept(row)) return;
      if (!row.kind) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'profile.errors.contactKindRequired' });
      else if (!isContactKind(row.kind))
        ctx.addIssue({ code: 'custom', path: ['kind'], message: 'profile.errors.contactKind' });
      if (row.handle.trim().length > HANDLE_MAX)
        ctx.addIssue({ code: 'custom', path: ['handle'], message: 'errors.tooLong' });
    }),
  );

const contactsSchema = z.pipe(
  z.array(contactRowSchema).check(
    z.maxLength(MAX_CONTACT_ROWS, 'profile.errors.tooManyContacts'),
    z.superRefine((rows, ctx) => {
      if (rows.filter(isKept).length > MAX_CONTACTS)
        ctx.addIssue({ code: 'custom', message: 'profile.errors.tooManyContacts' });
    }),
  ),
  z.transform((rows: z.output<typeof contactRowSchema>[]) =>
    rows.filter(isKept).map((row) => ({ kind: row.kind as ContactKind, handle: row.handle.trim() })),
  ),
);

/**
 * The fields of the editable profile as the browser checks them. The phone number is only
 * carried here: whether it is a number is the server's check (lib/profile/schemas.ts), which
 * needs libphonenumber's metadata, far too large to send to every browser.
 * Email, role and ids are not in it: they never come from this form.
 */
export const profileFields = z.object({
  version: z.coerce
    .number({ error: 'profile.errors.reload' })
    .check(z.int('profile.errors.reload'), z.positive('profile.errors.reload')),
  firstName: fields.requiredText(NAME_MAX),
  lastName: fields.requiredText(NAME_MAX),
  displayName: optionalText(NAME_MAX),
  username: z.pipe(
    z
      .pipe(
        z._default(z.optional(z.string().check(z.maxLength(200, 'profile.errors.usernameFormat'))), ''),
        z.transform(normalizeUsername),
      )
      .check(z.refine((v) => !v || isValidUsername(v), 'profile.errors.usernameFormat')),
    z.transform((v: string) => v || null),
  ),
  jobTitle: optionalText(JOB_TITLE_MAX),
  phone: z._default(z.optional(z.string()), ''),
  dateOfBirth: z.pipe(
    z._default(z.optional(z.string()), ''),
    z.transform((v: string, ctx) => {
      const value = v.trim();
      if (!value) return null;
      const problem = birthDateProblem(value);
      if (!problem) return value;
      ctx.issues.push({ code: 'custom', message: BIRTH_DATE_MESSAGES[problem], input: ctx.value });
      return z.NEVER;
    }),
  ),
  contacts: contactsSchema,
});

/** The contact rows of a posted form, gathered into one list before the fields are checked. */
export const withContactRows = <S extends z.ZodMiniType>(schema: S) =>
  z.pipe(
    z.transform((raw: Record<string, unknown>) => collectContactRows(raw)),
    schema,
  );

/** The profile form's schema in the browser: everything but the phone number's validity. */
export const profileFormSchema = withContactRows(profileFields);

/** What the form shows and react-hook-form holds: strings throughout. */
export type ProfileFormValues = {
  version: string;
  firstName: string;
  lastName: string;
  displayName: string;
  username: string;
  jobTitle: string;
  phone: string;
  dateOfBirth: string;
  contacts: Array<{ kind: string; handle: string }>;
};
