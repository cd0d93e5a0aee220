/**
 * The Chromium the benchmarks, the browser suite and the screenshots drive: its headless shell
 * when installed (scripts/test-e2e.sh installs it), otherwise the full browser in its headless
 * mode. Both are the same Chromium build; the shell leaves out the desktop browser around the
 * engine and needs about half the CPU for the same pages.
 */
import { existsSync } from 'node:fs';

export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const chromiumPath = existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
