import type { CountryCode } from 'libphonenumber-js/max';

import { z } from '@/lib/actions/zod';

import { fields } from '../actions/schema-fields';
import { collectContactRows, isContactKind, MAX_CONTACT_ROWS, MAX_CONTACTS, type ContactKind } from './contacts';
import { birthDateProblem } from './date-of-birth';
import { normalizePhone } from './phone';
import { isValidUsername, normalizeUsername } from './username';

export const NAME_MAX = 100;
export const JOB_TITLE_MAX = 100;
export const HANDLE_MAX = 200;
export const PHONE_INPUT_MAX = 40;

/** Empty optional text is stored as null, not as ''. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'errors.tooLong')
    .optional()
    .transform((v) => v || null);

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
    kind: z.string().max(40).optional().default(''),
    handle: z.string().max(1000).optional().default(''),
    remove: checkbox,
  })
  .superRefine((row, ctx) => {
    // A row marked for removal, or left empty (the blank row of a form without JS), is dropped.
    if (!isKept(row)) return;
    if (!row.kind) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'profile.errors.contactKindRequired' });
    else if (!isContactKind(row.kind))
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'profile.errors.contactKind' });
    if (row.handle.trim().length > HANDLE_MAX)
      ctx.addIssue({ code: 'custom', path: ['handle'], message: 'errors.tooLong' });
  });

const contactsSchema = z
  .array(contactRowSchema)
  .max(MAX_CONTACT_ROWS, 'profile.errors.tooManyContacts')
  .superRefine((rows, ctx) => {
    if (rows.filter(isKept).length > MAX_CONTACTS)
      ctx.addIssue({ code: 'custom', message: 'profile.errors.tooManyContacts' });
  })
  .transform((rows) =>
    rows.filter(isKept).map((row) => ({ kind: row.kind as ContactKind, handle: row.handle.trim() })),
  );

/**
 * The editable profile. Phone numbers without a country code are read in `region` (from the
 * user's language), so the schema is made per user; browser and server make the same one.
 * Email, role and ids are not in it: they never come from this form.
 */
export function profileSchemaFor(region: CountryCode) {
  return z.preprocess(
    collectContactRows,
    z.object({
      version: z.coerce
        .number({ error: 'profile.errors.reload' })
        .int('profile.errors.reload')
        .positive('profile.errors.reload'),
      firstName: fields.requiredText(NAME_MAX),
      lastName: fields.requiredText(NAME_MAX),
      displayName: optionalText(NAME_MAX),
      username: z
        .string()
        .max(200, 'profile.errors.usernameFormat')
        .optional()
        .default('')
        .transform(normalizeUsername)
        .refine((v) => !v || isValidUsername(v), 'profile.errors.usernameFormat')
        .transform((v) => v || null),
      jobTitle: optionalText(JOB_TITLE_MAX),
      phone: z
        .string()
        .optional()
        .default('')
        .transform((v, ctx) => {
          if (!v.trim()) return null;
          const checked = normalizePhone(v, region);
          if (checked.ok) return checked.e164;
          ctx.addIssue({
            code: 'custom',
            message: checked.reason === 'extension' ? 'profile.errors.phoneExtension' : 'profile.errors.phoneInvalid',
          });
          return z.NEVER;
        }),
      dateOfBirth: z
        .string()
        .optional()
        .default('')
        .transform((v, ctx) => {
          const value = v.trim();
          if (!value) return null;
          const problem = birthDateProblem(value);
          if (!problem) return value;
          ctx.addIssue({ code: 'custom', message: BIRTH_DATE_MESSAGES[problem] });
          return z.NEVER;
        }),
      contacts: contactsSchema,
    }),
  );
}

export type ProfileSchema = ReturnType<typeof profileSchemaFor>;
export type ProfileInput = z.output<ProfileSchema>;

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
