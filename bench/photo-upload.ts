/**
 * The server side of a photo upload without the network or the database: signature check, sharp
 * metadata, EXIF-upright crop and the 256 px WebP, on a noisy 4000×3000 JPEG just under 5 MB
 * (noise is the worst case for a decoder). One warm-up run, then BENCH_RUNS (default 10).
 *
 *   npx tsx --conditions=react-server bench/photo-upload.ts
 */
import os from 'node:os';
import sharp from 'sharp';

import { processPhoto } from '@/lib/files/image';

import { noisyJpeg } from './lib/images';

const runs = Number.parseInt(process.env.BENCH_RUNS ?? '10', 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

const input = await noisyJpeg(4000, 3000);
const meta = await sharp(input).metadata();
console.log(
  `input: ${meta.width}×${meta.height} ${meta.format}, ${(input.length / 1024 / 1024).toFixed(2)} MB; sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}; ${os.cpus().length} CPUs, load ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join('/')}`,
);

const first = await processPhoto(input);
if (!first.ok) throw new Error(`processing failed: ${first.reason}`);
console.log(`output: ${first.variants.map((v) => `${v.size} px ${v.contentType} ${v.data.length} B`).join(', ')}`);

const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  const result = await processPhoto(input);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (!result.ok) throw new Error(`processing failed: ${result.reason}`);
}
const sorted = [...times].sort((a, b) => a - b);
const median =
  sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
console.log(
  `${runs} runs: median ${median.toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
);
