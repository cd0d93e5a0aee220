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
const id = z.string({ error: 'groups.errors.notFound' }).check(z.trim(), z.maxLength(64, 'groups.errors.notFound'));

export const groupFieldsSchema = z.object({
  name: z.pipe(
    z.pipe(
      z.string({ error: 'errors.required' }),
      z.transform((v: string) => v.normalize('NFC').replace(/\s+/g, ' ').trim()),
    ),
    z.string().check(
      z.minLength(1, 'errors.required'),
      z.maxLength(GROUP_NAME_MAX, 'errors.tooLong'),
      z.refine((v) => !CONTROL_OR_BIDI.test(v), 'groups.errors.nameCharacters'),
    ),
  ),
  type: z.enum(GROUP_TYPES, { error: 'groups.errors.type' }),
  visibility: z.enum(GROUP_VISIBILITIES, { error: 'groups.errors.visibility' }),
  description: z.pipe(
    z.pipe(
      z._default(z.optional(z.string()), ''),
      z.transform((v: string) => v.trim()),
    ),
    z.string().check(z.maxLength(GROUP_DESCRIPTION_MAX, 'errors.tooLong')),
  ),
});
export type GroupFieldsValues = z.input<typeof groupFieldsSchema>;

export const createGroupSchema = groupFieldsSchema;
export const updateGroupSchema = z.extend(groupFieldsSchema, { groupId: id });

export const deleteGroupSchema = z.object({
  groupId: id,
  confirmName: z._default(z.optional(z.string().check(z.maxLength(1000, 'groups.errors.confirmName'))), ''),
});
export type DeleteGroupValues = z.input<typeof deleteGroupSchema>;

export const memberSchema = z.object({
  groupId: id,
  userId: z
    .string({ error: 'groups.errors.userNotFound' })
    .check(z.trim(), z.maxLength(64, 'groups.errors.userNotFound')),
});

export const groupOnlySchema = z.object({ groupId: id });

/** A new photo for the group: the file and the square chosen in the cropper (or none: the centre). */
export const groupPhotoSchema = withCropRules(
  z.extend(groupOnlySchema, {
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
