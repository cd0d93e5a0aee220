import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { fitCrop, processPhoto, sniffImage } from './image';

/** Left half red, right half blue: shows which part of the image a crop kept. */
async function halves(width: number, height: number, format: 'png' | 'jpeg') {
  const left = await sharp({ create: { width: width / 2, height, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  const image = sharp({ create: { width, height, channels: 3, background: '#0000ff' } }).composite([
    { input: left, left: 0, top: 0 },
  ]);
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 95 }).toBuffer();
}

async function pixel(webp: Buffer, x: number, y: number) {
  const { data, info } = await sharp(webp).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}

describe('sniffImage', () => {
  it('knows JPEG and PNG by their first bytes only', async () => {
    expect(sniffImage(await halves(8, 8, 'png'))).toBe('png');
    expect(sniffImage(await halves(8, 8, 'jpeg'))).toBe('jpeg');
    expect(sniffImage(Buffer.from('GIF89a...'))).toBeNull();
    expect(sniffImage(Buffer.from('\x89PNG'))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });
});

describe('fitCrop', () => {
  it('centres the largest square without a crop', () => {
    expect(fitCrop(400, 300)).toEqual({ x: 50, y: 0, size: 300 });
    expect(fitCrop(300, 401)).toEqual({ x: 0, y: 50, size: 300 });
  });

  it('shrinks and moves a crop until it fits inside the image', () => {
    expect(fitCrop(400, 300, { x: 10, y: 20, size: 100 })).toEqual({ x: 10, y: 20, size: 100 });
    expect(fitCrop(400, 300, { x: 390, y: 290, size: 100 })).toEqual({ x: 300, y: 200, size: 100 });
    expect(fitCrop(400, 300, { x: 0, y: 0, size: 5000 })).toEqual({ x: 0, y: 0, size: 300 });
    expect(fitCrop(400, 300, { x: 1e9, y: 1e9, size: 0 })).toEqual({ x: 399, y: 299, size: 1 });
  });
});

describe('processPhoto', () => {
  it('makes 256 px and 64 px WebPs of the centre square by default', async () => {
    const result = await processPhoto(await halves(400, 200, 'png'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.crop).toEqual({ x: 100, y: 0, size: 200 });
    expect(result.variants.map((v) => v.size)).toEqual([256, 64]);
    expect((await sharp(result.variants[1].data).metadata()).width).toBe(64);
    const meta = await sharp(result.variants[0].data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 256]);
    // The centre square is half red, half blue.
    expect((await pixel(result.variants[0].data, 20, 128))[0]).toBeGreaterThan(200);
    expect((await pixel(result.variants[0].data, 236, 128))[2]).toBeGreaterThan(200);
  });

  it('keeps the requested square and writes every requested size', async () => {
    const result = await processPhoto(await halves(400, 200, 'jpeg'), { x: 250, y: 50, size: 100 }, [256, 64]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.variants.map((v) => v.size)).toEqual([256, 64]);
    expect((await sharp(result.variants[1].data).metadata()).width).toBe(64);
    const [r, , b] = await pixel(result.variants[0].data, 128, 128);
    expect(b).toBeGreaterThan(200);
    expect(r).toBeLessThan(60);
  });

  it('crops the upright image when EXIF says the photo was taken sideways', async () => {
    // Stored 600×400, red left and blue right; orientation 6 shows it 400×600, red on top.
    const jpeg = await sharp(await halves(600, 400, 'jpeg'))
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 95 })
      .toBuffer();
    const top = await processPhoto(jpeg, { x: 50, y: 0, size: 290 });
    const bottom = await processPhoto(jpeg, { x: 100, y: 400, size: 150 });
    if (!top.ok || !bottom.ok) throw new Error('not processed');
    expect([top.width, top.height]).toEqual([400, 600]);
    for (const [x, y] of [
      [5, 5],
      [250, 250],
      [128, 128],
    ]) {
      expect((await pixel(top.variants[0].data, x, y))[0]).toBeGreaterThan(200);
      expect((await pixel(bottom.variants[0].data, x, y))[2]).toBeGreaterThan(200);
    }
    expect(bottom.crop).toEqual({ x: 100, y: 400, size: 150 });
  });

  it('refuses what is not a JPEG or PNG, whatever it is called', async () => {
    expect(await processPhoto(Buffer.from('just text, named photo.png'))).toEqual({
      ok: false,
      reason: 'not-an-image',
    });
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect(await processPhoto(gif)).toEqual({ ok: false, reason: 'not-an-image' });
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .webp()
      .toBuffer();
    expect(await processPhoto(webp)).toEqual({ ok: false, reason: 'not-an-image' });
  });

  it('refuses a PNG signature in front of garbage and a truncated JPEG', async () => {
    const fake = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('not really a png'),
    ]);
    expect((await processPhoto(fake)).ok).toBe(false);
    const jpeg = await halves(400, 200, 'jpeg');
    expect((await processPhoto(jpeg.subarray(0, jpeg.length / 2))).ok).toBe(false);
  });
});
