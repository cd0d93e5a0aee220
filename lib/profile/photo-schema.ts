import { z } from '@/lib/actions/zod';

import { cropFields, withCropRules } from '../files/photo-schema';

/** The user's own photo: the file and, with JavaScript, the square chosen in the cropper. */
export const profilePhotoSchema = withCropRules(
  z.object({
    photo: z.custom<Blob>((value) => value instanceof Blob, { error: 'photo.required' }),
    ...cropFields,
  }),
);
export type ProfilePhotoInput = z.output<typeof profilePhotoSchema>;

export const removeProfilePhotoSchema = z.object({});
export type RemoveProfilePhotoInput = z.output<typeof removeProfilePhotoSchema>;
