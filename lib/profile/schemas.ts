import 'server-only';

import type { CountryCode } from 'libphonenumber-js/max';

import { z } from '@/lib/actions/zod';

import { profileFields, withContactRows } from './form-schema';
import { normalizePhone } from './phone';

/**
 * The editable profile as the server checks it: the browser's fields (./form-schema) and the
 * phone number, read in `region` (from the user's language) when it has no country code and
 * stored in E.164. Server only: the check needs libphonenumber's full metadata.
 */
export function profileSchemaFor(region: CountryCode) {
  return withContactRows(
    z.extend(profileFields, {
      phone: z.pipe(
        profileFields.shape.phone,
        z.transform((v: string, ctx) => {
          if (!v.trim()) return null;
          const checked = normalizePhone(v, region);
          if (checked.ok) return checked.e164;
          ctx.issues.push({
            code: 'custom',
            message: checked.reason === 'extension' ? 'profile.errors.phoneExtension' : 'profile.errors.phoneInvalid',
            input: ctx.value,
          });
          return z.NEVER;
        }),
      ),
    }),
  );
}

export type ProfileSchema = ReturnType<typeof profileSchemaFor>;
export type ProfileInput = z.output<ProfileSchema>;
export type { ProfileFormValues } from './form-schema';
