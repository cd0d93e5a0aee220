import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The flags `npm start` gives the server's Node (package.json's `start` script, the one place
 * they are set; the Dockerfile repeats them and a test keeps the two alike), for the scripts that
 * start the built server themselves: benchmarks, the browser suite, the request fuzz.
 */
export function serverNodeArgs() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const [node, ...rest] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') return [];
  const flags = [];
  for (const arg of rest) {
    if (!arg.startsWith('--')) break;
    flags.push(arg);
  }
  return flags;
}
