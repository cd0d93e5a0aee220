import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Stands in for `next/headers` outside a Next.js server: each test request runs inside
 * `requestStore.run()` with its own headers and cookie jar, which server code reads and writes
 * exactly as it would in a real request.
 */
export type TestRequest = { headers: Headers; jar: Map<string, string> };
export const requestStore = new AsyncLocalStorage<TestRequest>();

function current(): TestRequest {
  const request = requestStore.getStore();
  if (!request) throw new Error('next/headers was called outside a test request (use TestClient).');
  return request;
}

export async function headers(): Promise<Headers> {
  const { headers: base, jar } = current();
  const h = new Headers(base);
  if (jar.size) h.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
  return h;
}

type CookieOptions = { maxAge?: number; expires?: Date | number | string };

export async function cookies() {
  const { jar } = current();
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: (
      nameOrObject: string | ({ name: string; value: string } & CookieOptions),
      value?: string,
      options?: CookieOptions,
    ) => {
      const name = typeof nameOrObject === 'string' ? nameOrObject : nameOrObject.name;
      const val = typeof nameOrObject === 'string' ? (value ?? '') : nameOrObject.value;
      const opts = (typeof nameOrObject === 'string' ? options : nameOrObject) ?? {};
      const expired =
        opts.maxAge === 0 || (opts.expires !== undefined && new Date(opts.expires).getTime() <= Date.now());
      if (expired || val === '') jar.delete(name);
      else jar.set(name, val);
    },
    delete: (name: string) => jar.delete(name),
  };
}

export async function draftMode() {
  return { isEnabled: false, enable() {}, disable() {} };
}
