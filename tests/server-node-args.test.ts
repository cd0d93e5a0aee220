import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import nextConfig from '@/next.config.mjs';
import { serverNodeArgs } from '@/scripts/server-node-args.mjs';

const root = path.join(import.meta.dirname, '..');

describe("the server's Node flags", () => {
  const flags = serverNodeArgs() as string[];

  it('limit the heap and its young generation, in `npm start` and in the container alike', () => {
    expect(flags).toContainEqual(expect.stringMatching(/^--max-old-space-size=\d+$/));
    expect(flags).toContainEqual(expect.stringMatching(/^--max-semi-space-size=\d+$/));
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
    const dockerArgs = JSON.parse(cmd![1]) as string[];
    expect(dockerArgs).toEqual(['node', ...flags, 'server.js']);
  });

  it("take effect: V8's heap limit stays under 400 MB whatever the machine has", () => {
    const limit = Number(
      execFileSync(
        process.execPath,
        [...flags, '-e', 'console.log(require("v8").getHeapStatistics().heap_size_limit)'],
        {
          encoding: 'utf8',
        },
      ),
    );
    expect(limit).toBeGreaterThan(128 * 1024 * 1024);
    expect(limit).toBeLessThan(400 * 1024 * 1024);
  });
});

describe("the server's memory at rest", () => {
  it('holds the modules of the pages it has served, not of every page (no preloading at start)', () => {
    expect(nextConfig.experimental?.preloadEntriesOnStart).toBe(false);
  });
});
