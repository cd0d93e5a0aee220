import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

import type { E2eMode } from './e2e/support/provided';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The spec files share one server per project. Each sets up what it needs (support/fixtures.ts)
 * and so runs alone, but 01-setup tests the fresh install and must come before any other spec sets
 * the instance up: run them by name, which also keeps the order the same from run to run.
 */
class ByNameSequencer extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

function project(mode: E2eMode): TestProjectInlineConfiguration {
  return {
    resolve: { alias: { '@': root } },
    test: {
      name: mode,
      include: ['e2e/**/*.test.ts'],
      environment: 'node',
      provide: { e2eMode: mode },
      fileParallelism: false,
      // One project after the other: on a small machine two servers, two browsers and argon2 at
      // once make timings flaky, and the whole run stays well under the time budget anyway.
      sequence: { groupOrder: mode === 'js' ? 0 : 1 },
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    // Both servers start once, here, before either project runs; each project injects its own URL.
    globalSetup: ['e2e/support/server.ts'],
    projects: [project('js'), project('nojs')],
    sequence: { sequencer: ByNameSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
