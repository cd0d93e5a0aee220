/**
 * The test files run in worker threads (vitest.config.ts), and a worker thread ends with its file.
 * sharp's shared libraries (libvips, glib) must not be unloaded when the last thread that uses
 * them ends and loaded again by the next one, which can crash the process: loading sharp once in
 * the main thread keeps them loaded for the whole run (sharp's documentation on worker threads).
 */
export default async function setup() {
  await import('sharp');
}
