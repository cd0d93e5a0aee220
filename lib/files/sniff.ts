export type ImageKind = 'jpeg' | 'png';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** How many leading bytes sniffImage needs. */
export const SNIFF_BYTES = PNG_SIGNATURE.length;

/**
 * What the first bytes say the file is; the name and the declared type are not trusted. Runs in
 * the browser too, so a real JPEG or PNG is accepted whatever type the browser guessed for it.
 */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  return null;
}
