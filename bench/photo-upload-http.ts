/**
 * "Upload photo" end to end over HTTP, as a browser without JavaScript sends it: a production
 * server (`npm run build` first) with its own fresh data directory (or a fresh PostgreSQL
 * database with BENCH_DATABASE_URL), setup and sign-in through the real forms, then the profile
 * page's photo form posted with a noisy 4000×3000 JPEG of about 4.6 MB (just under the 5 MB
 * limit). Each POST is timed until the whole answer has arrived: multipart parsing, the checks,
 * decode, crop, both WebP sizes, the database write of the new file, deleting the old one, the
 * audit entry and the re-rendered page. One warm-up, then BENCH_RUNS (default 10).
 *
 *   npm run build
 *   npx tsx --conditions=react-server bench/photo-upload-http.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server bench/photo-upload-http.ts
 */
import os from 'node:os';

import { getPage, hiddenInputsOfForm, postForm } from './lib/forms.mjs';
import { noisyJpeg } from './lib/images';
import { withSignedInServer } from './lib/server.mjs';
import { loadAverage, median, ms, percentile } from './lib/stats.mjs';

const runs = Number.parseInt(process.env.BENCH_RUNS ?? '10', 10);
const PATH = '/settings/profile';

const jpeg = await noisyJpeg(4000, 3000);
console.log(
  `# Photo upload over HTTP: ${(jpeg.length / 1024 / 1024).toFixed(2)} MB JPEG, 4000×3000 (Node ${process.version}, ${os.cpus().length} CPUs, ${loadAverage()}, ${new Date().toISOString()})`,
);

type Server = { baseUrl: string; origin: string; label: string; rssMb?: () => number };

await withSignedInServer(
  { adminUrl: process.env.BENCH_DATABASE_URL },
  async ({ server, cookie }: { server: Server; cookie: string }) => {
    async function upload(): Promise<number> {
      const page = await getPage(server.baseUrl, PATH, { cookie });
      if (page.status !== 200) throw new Error(`GET ${PATH} answered ${page.status}`);
      const entries = [
        ...hiddenInputsOfForm(page.html, 'photo'),
        ['photo', new File([new Uint8Array(jpeg)], 'photo.jpg', { type: 'image/jpeg' })],
      ];
      const started = performance.now();
      const result = await postForm(server.baseUrl, PATH, server.origin, entries, { cookie });
      const elapsed = performance.now() - started;
      if (result.status !== 200 || !result.text.includes('Photo updated.')) {
        throw new Error(
          `The upload did not succeed: status ${result.status}${result.location ? ` → ${result.location}` : ''}`,
        );
      }
      return elapsed;
    }
    await upload();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await upload());
    console.log(
      `${server.label}: ${runs} uploads, median ${ms(median(times))}, p95 ${ms(percentile(times, 95))}, min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}`,
    );
  },
);
