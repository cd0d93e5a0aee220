/**
 * The installed app's icons, drawn from app/icon.svg (the browser tab's icon) into public/icons/:
 * 192 and 512 pixel PNGs as they are, and a 512 pixel maskable one whose background fills the
 * whole square and whose letter sits inside the safe zone, so a phone's round or rounded-square
 * mask never cuts it. Run again after changing app/icon.svg:
 *
 *   node scripts/make-icons.mjs
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'public/icons');
const source = readFileSync(path.join(root, 'app/icon.svg'), 'utf8');

/** The icon's square (its fill colour) and its letter (the path), as app/icon.svg draws them. */
const fill = /<rect\b[^>]*\bfill="([^"]+)"/.exec(source)?.[1];
const letter = /<path\b[^>]*\/>/.exec(source)?.[0];
if (!fill || !letter) throw new Error('app/icon.svg no longer has one <rect fill> and one <path>: update this script.');

/**
 * Maskable: square corners, and the letter at 80 % around the centre: masks may cut everything
 * outside the circle of 40 % of the size around the centre.
 */
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${fill}"/><g transform="translate(16 16) scale(0.8) translate(-16.5 -16)">${letter}</g></svg>`;

const ICONS = [
  { file: 'icon-192.png', svg: source, size: 192 },
  { file: 'icon-512.png', svg: source, size: 512 },
  { file: 'icon-maskable-512.png', svg: maskable, size: 512 },
];

mkdirSync(out, { recursive: true });
for (const { file, svg, size } of ICONS) {
  // Drawn at the target size (not scaled from a small bitmap), so edges stay sharp.
  await sharp(Buffer.from(svg), { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9, palette: true })
    .toFile(path.join(out, file));
  console.log(`public/icons/${file} (${size}×${size})`);
}
