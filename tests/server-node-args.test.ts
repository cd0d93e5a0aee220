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

describe("the container's Node", () => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

  it('is one image for every stage: a long-term-support line past Node 20, whose life has ended', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)-bookworm-slim$/m.exec(dockerfile);
    expect(image, 'ARG NODE_IMAGE=node:<major>-bookworm-slim').not.toBeNull();
    const major = Number(image![1]);
    // Even majors become long-term support; odd ones live six months.
    expect(major % 2).toBe(0);
    expect(major).toBeGreaterThanOrEqual(24);
    const stages = dockerfile.match(/^FROM .*$/gm) ?? [];
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) expect(stage).toMatch(/^FROM \$\{NODE_IMAGE\} AS \w+$/);
  });
});

describe("the server's memory at rest", () => {
  it('holds the modules of the pages it has served, not of every page (no preloading at start)', () => {
    expect(nextConfig.experimental?.preloadEntriesOnStart).toBe(false);
  });
});
