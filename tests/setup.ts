import { afterEach, inject, vi } from 'vitest';

process.env.ROSTER_DATA_DIR = inject('dataDir');
process.env.AUTH_SECRET ??= 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
process.env.APP_URL = 'http://localhost:3000';
// The tests' mail servers and push service listen on loopback, which Roster otherwise refuses to reach.
process.env.MAIL_INTERNAL_HOSTS ??= '127.0.0.1,::1,localhost';
process.env.PUSH_INTERNAL_HOSTS ??= '127.0.0.1,::1,localhost';

// An unexpected console.error is a failure, not noise.
const consoleError = vi.spyOn(console, 'error');
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockClear();
  if (calls.length)
    throw new Error(`console.error was called: ${calls.map((c) => c.map(String).join(' ')).join('\n')}`);
});
