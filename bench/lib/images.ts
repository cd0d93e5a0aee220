import sharp from 'sharp';

import { MAX_PHOTO_BYTES } from '@/lib/files/image';

/**
 * A photo of Gaussian noise (the worst case for a JPEG decoder) at the highest JPEG quality that
 * still fits the upload limit: at 4000×3000 about 4.6 MB.
 */
export async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  const noise = sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  });
  const raw = await noise.raw().toBuffer();
  for (let quality = 90; quality >= 30; quality -= 5) {
    const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } })
      .jpeg({ quality })
      .toBuffer();
    if (jpeg.length <= MAX_PHOTO_BYTES) return jpeg;
  }
  throw new Error('could not make a JPEG under the limit');
}
