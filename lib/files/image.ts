import 'server-only';

import sharp, { type Metadata } from 'sharp';

import { PHOTO_SIZES } from './image-sizes';
import { sniffImage, type ImageKind } from './sniff';

export { sniffImage, type ImageKind } from './sniff';
export {
  isSmallPhoto,
  MAX_PHOTO_BYTES,
  PHOTO_SIZE,
  PHOTO_SIZES,
  PHOTO_THUMB_SIZE,
  RECOMMENDED_PHOTO_SIDE,
} from './image-sizes';

/**
 * A 5 MB PNG of one colour can declare a gigapixel canvas; sharp would try to decode it all.
 * 50 megapixels covers the largest phone cameras.
 */
const MAX_INPUT_PIXELS = 50_000_000;

export type Crop = { x: number; y: number; size: number };
export type ImageVariant = { size: number; data: Buffer; contentType: string };

export type ProcessedPhoto =
  | { ok: true; format: ImageKind; width: number; height: number; crop: Crop; variants: ImageVariant[] }
  | { ok: false; reason: 'not-an-image' | 'unreadable' };

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * A square inside a width × height image: the requested one shrunk and moved until it fits,
 * or the largest centred square when none was requested (the path without JavaScript).
 */
export function fitCrop(width: number, height: number, crop?: Crop | null): Crop {
  const side = Math.min(width, height);
  if (!crop) return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), size: side };
  const size = clamp(Math.round(crop.size), 1, side);
  return {
    x: clamp(Math.round(crop.x), 0, width - size),
    y: clamp(Math.round(crop.y), 0, height - size),
    size,
  };
}

/**
 * Checks that the bytes are a JPEG or PNG (signature, then the decoder's own verdict), turns the
 * image upright by its EXIF orientation, cuts the square and writes WebP at each size. The output
 * carries no metadata: sharp drops EXIF, XMP and ICC unless asked to keep them.
 */
export async function processPhoto(
  bytes: Buffer,
  crop?: Crop | null,
  sizes: number[] = PHOTO_SIZES,
): Promise<ProcessedPhoto> {
  const sniffed = sniffImage(bytes);
  if (!sniffed) return { ok: false, reason: 'not-an-image' };
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, options).metadata();
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (metadata.format !== sniffed) return { ok: false, reason: 'not-an-image' };
  // Crops are chosen on the image as the browser shows it, which is already upright.
  const { width, height } = metadata.autoOrient;
  if (!width || !height) return { ok: false, reason: 'unreadable' };
  const square = fitCrop(width, height, crop);
  const largest = Math.max(...sizes);
  try {
    // One decode: the square at the largest size as raw pixels, then each size is encoded from it.
    const upright = sharp(bytes, options).rotate();
    const scale = largest / square.size;
    if (scale < 1) {
      // Scaling the whole image first lets libvips decode a JPEG at 1/2, 1/4 or 1/8 size, which
      // is most of the work for a phone photo; the square is then cut from the scaled image.
      const scaledWidth = Math.max(largest, Math.round(width * scale));
      const scaledHeight = Math.max(largest, Math.round(height * scale));
      upright.resize(scaledWidth, scaledHeight, { fit: 'fill' }).extract({
        left: clamp(Math.round(square.x * scale), 0, scaledWidth - largest),
        top: clamp(Math.round(square.y * scale), 0, scaledHeight - largest),
        width: largest,
        height: largest,
      });
    } else {
      // A small square is enlarged on its own, never the whole image.
      upright
        .extract({ left: square.x, top: square.y, width: square.size, height: square.size })
        .resize(largest, largest, { fit: 'fill' });
    }
    const { data, info } = await upright.raw().toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    const variants = await Promise.all(
      sizes.map(async (size) => ({
        size,
        contentType: 'image/webp',
        data: await sharp(data, raw).resize(size, size, { fit: 'fill' }).webp({ quality: 82 }).toBuffer(),
      })),
    );
    return { ok: true, format: sniffed, width, height, crop: square, variants };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}
