import { PHOTO_THUMB_SIZE } from './image-sizes';

/**
 * The address of a stored image for an avatar shown `displaySize` CSS pixels wide: the 64 px
 * variant up to 40 px (sharp enough on a 2× screen), the 256 px one above that.
 */
export function imageUrl(fileId: string | null | undefined, displaySize: number): string | null {
  if (!fileId) return null;
  return displaySize <= 40 ? `/files/${fileId}?size=${PHOTO_THUMB_SIZE}` : `/files/${fileId}`;
}
