import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

import type { E2eMode } from './e2e/support/provided';

const root = path.dirname(fileURLToPath(import.meta.url));
// E2E_MODES=js runs one mode only; scripts/test-e2e.sh runs each mode in a process of its own.
const MODES: E2eMode[] = (process.env.E2E_MODES ?? 'js,nojs')
  .split(',')
  .filter((m): m is E2eMode => m === 'js' || m === 'nojs');

/**
 * Each mode has a server of its own (support/server.ts), and nothing one mode does is seen by
 * the other, so the two run side by side, each in a vitest process of its own
 * (scripts/test-e2e.sh): a spec keeps handing work between the test process, the browser and the
 * server, and one spec alone leaves much of two cores idle. Within a mode the specs run one after
 * the other, by name: each sets up what it needs (support/fixtures.ts) and so runs alone, but two
 * at once on one server could see each other's organization settings, and 01-setup tests the
 * fresh install, so it must come before any other spec sets the instance up.
 *
 * Vitest runs groups of projects in `groupOrder`, one group after another: one project per spec
 * and mode, the spec's place in the list as its group, gives exactly that. With both modes in one
 * process (`E2E_MODES=js,nojs`) the two copies of a spec form one group, which ends when the
 * slower one does.
 */
const specs = readdirSync(path.join(root, 'e2e'))
  .filter((name) => name.endsWith('.test.ts'))
  .sort();

function project(mode: E2eMode, spec: string, index: number): TestProjectInlineConfiguration {
  return {
    resolve: { alias: { '@': root } },
    test: {
      name: `${mode} ${spec.replace(/\.test\.ts$/, '')}`,
      include: [`e2e/${spec}`],
      environment: 'node',
      provide: { e2eMode: mode },
      sequence: { groupOrder: index },
      // Generous: a limit only ends a hung test. Two servers, two browsers and argon2 share the
      // machine, and a busy one must not fail a correct test.
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  };
}

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    // Both servers start once, here, before any project runs; each project injects its own URL.
    globalSetup: ['e2e/support/server.ts'],
    // The global setup starts a server for each of these.
    provide: { e2eModes: MODES },
    projects: specs.flatMap((spec, index) => MODES.map((mode) => project(mode, spec, index))),
    // One spec of each mode at a time (see above).
    maxWorkers: MODES.length,
    teardownTimeout: 30_000,
  },
});
