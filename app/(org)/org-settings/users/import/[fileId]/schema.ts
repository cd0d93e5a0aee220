import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';
import { IMPORT_MAX_COLUMNS } from '@/lib/import/read';

/** A field's select: a column's index, or "" for "Not imported". */
const column = z.optional(
  z.pipe(
    z.transform((v: unknown) => (v === '' ? undefined : v)),
    z.optional(fields.integer(0, IMPORT_MAX_COLUMNS - 1, 'usersImport.errors.invalid')),
  ),
);

/** The mapping screen: which column holds each field, and which of its two buttons was pressed. */
export const startImportSchema = z.object({
  blobId: fields.uuid('usersImport.errors.fileGone'),
  intent: z.enum(['check', 'import'], 'errors.badRequest'),
  updateExisting: fields.checkbox(),
  email: column,
  firstName: column,
  lastName: column,
  role: column,
  groups: column,
  jobTitle: column,
  phone: column,
  username: column,
});
