import type { GroupType, GroupVisibility } from '@/db/schema';
import { z } from '@/lib/actions/zod';

import { cropFields, withCropRules } from '../files/photo-schema';

export const GROUP_TYPES = ['team', 'department', 'project', 'distribution'] as const satisfies readonly GroupType[];
export const GROUP_VISIBILITIES = ['public', 'private', 'hidden'] as const satisfies readonly GroupVisibility[];
export const GROUP_NAME_MAX = 100;
export const GROUP_DESCRIPTION_MAX = 500;

/** Control characters, and bidi overrides that could make one name look like another. */
const CONTROL_OR_BIDI = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** Ids are checked against the organization in the action; here only their shape is bounded. */
const id = z.string({ error: 'groups.errors.notFound' }).trim().max(64, 'groups.errors.notFound');

export const groupFieldsSchema = z.object({
  name: z
    .string({ error: 'errors.required' })
    .transform((v) => v.normalize('NFC').replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, 'errors.required')
        .max(GROUP_NAME_MAX, 'errors.tooLong')
        .refine((v) => !CONTROL_OR_BIDI.test(v), 'groups.errors.nameCharacters'),
    ),
  type: z.enum(GROUP_TYPES, { error: 'groups.errors.type' }),
  visibility: z.enum(GROUP_VISIBILITIES, { error: 'groups.errors.visibility' }),
  description: z
    .string()
    .optional()
    .default('')
    .transform((v) => v.trim())
    .pipe(z.string().max(GROUP_DESCRIPTION_MAX, 'errors.tooLong')),
});
export type GroupFieldsValues = z.input<typeof groupFieldsSchema>;

export const createGroupSchema = groupFieldsSchema;
export const updateGroupSchema = groupFieldsSchema.extend({ groupId: id });

export const deleteGroupSchema = z.object({
  groupId: id,
  confirmName: z.string().max(1000, 'groups.errors.confirmName').optional().default(''),
});
export type DeleteGroupValues = z.input<typeof deleteGroupSchema>;

export const memberSchema = z.object({
  groupId: id,
  userId: z.string({ error: 'groups.errors.userNotFound' }).trim().max(64, 'groups.errors.userNotFound'),
});

export const groupOnlySchema = z.object({ groupId: id });

/** A new photo for the group: the file and the square chosen in the cropper (or none: the centre). */
export const groupPhotoSchema = withCropRules(
  groupOnlySchema.extend({
    photo: z.custom<Blob>((value) => value instanceof Blob, { error: 'groups.errors.photoRequired' }),
    ...cropFields,
  }),
);
export type GroupPhotoInput = z.output<typeof groupPhotoSchema>;
export type GroupFieldsInput = z.output<typeof groupFieldsSchema>;
export type UpdateGroupInput = z.output<typeof updateGroupSchema>;
export type DeleteGroupInput = z.output<typeof deleteGroupSchema>;
export type MemberInput = z.output<typeof memberSchema>;
export type GroupOnlyInput = z.output<typeof groupOnlySchema>;
