/** The largest upload accepted; checked in the browser (with JavaScript) and again on the server. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** The stored photo's side; the largest avatar shown is 96 px, so this is sharp on 2× screens too. */
export const PHOTO_SIZE = 256;
/** The small variant, for avatars of up to 40 CSS pixels (lists, the header menu). */
export const PHOTO_THUMB_SIZE = 64;
export const PHOTO_SIZES = [PHOTO_SIZE, PHOTO_THUMB_SIZE];
