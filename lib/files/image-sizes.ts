/** The largest upload accepted; checked in the browser (with JavaScript) and again on the server. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** The stored photo's side; the largest avatar shown is 96 px, so this is sharp on 2× screens too. */
export const PHOTO_SIZE = 256;
/** The small variant, for avatars of up to 40 CSS pixels (lists, the header menu). */
export const PHOTO_THUMB_SIZE = 64;
export const PHOTO_SIZES = [PHOTO_SIZE, PHOTO_THUMB_SIZE];
/**
 * The smallest side that still looks sharp at the largest avatar on a 2× screen. A smaller image
 * is accepted (and enlarged), with a warning in the browser and in the answer to the upload.
 */
export const RECOMMENDED_PHOTO_SIDE = 200;

/** Whether an image of this size is below the recommended 200 × 200 pixels. */
export function isSmallPhoto(width: number, height: number): boolean {
  return Math.min(width, height) < RECOMMENDED_PHOTO_SIDE;
}
