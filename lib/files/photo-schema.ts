import { z } from '@/lib/actions/zod';

import type { Crop } from './image';

export const CROP_INVALID = 'photo.cropInvalid';

/** Source pixels; whatever lies outside the image is pulled back inside by fitCrop. */
const cropNumber = z.pipe(
  z.transform((value: unknown) => (value === '' ? undefined : value)),
  z.optional(z.coerce.number({ error: CROP_INVALID }).check(z.gte(0, CROP_INVALID), z.lte(1_000_000, CROP_INVALID))),
);

/**
 * The square chosen in the browser's cropper (profile and group photos alike). Without
 * JavaScript none of the three fields arrives and the centre square is used.
 */
export const cropFields = { cropX: cropNumber, cropY: cropNumber, cropSize: cropNumber };

type CropInput = { cropX?: number; cropY?: number; cropSize?: number };

/** All three fields or none, and a square of at least one pixel. */
export function withCropRules<S extends z.ZodMiniType<CropInput>>(schema: S) {
  return schema.check(
    z.refine(
      (v: CropInput) =>
        [v.cropX, v.cropY, v.cropSize].every((n) => n === undefined) ||
        [v.cropX, v.cropY, v.cropSize].every((n) => n !== undefined),
      {
        error: CROP_INVALID,
        path: ['cropSize'],
      },
    ),
    z.refine((v: CropInput) => v.cropSize === undefined || v.cropSize >= 1, {
      error: CROP_INVALID,
      path: ['cropSize'],
    }),
  );
}

export function cropOf(input: CropInput): Crop | null {
  return input.cropSize === undefined ? null : { x: input.cropX ?? 0, y: input.cropY ?? 0, size: input.cropSize };
}
