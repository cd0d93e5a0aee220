import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

// proxy.ts reads APP_URL and NODE_ENV when it loads: each test loads it afresh for its setting.
async function loadProxy({ appUrl = 'http://localhost:3000', nodeEnv = 'production' } = {}) {
  vi.resetModules();
  vi.stubEnv('APP_URL', appUrl);
  vi.stubEnv('NODE_ENV', nodeEnv);
  return (await import('@/proxy')).proxy;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const ORIGIN = 'http://localhost:3000';
const ACTION_ID = '7f0123456789abcdef0123456789abcdef01234567';

type Init = { method?: string; headers?: Record<string, string>; body?: BodyInit | null; url?: string };

function request({ method = 'POST', headers = {}, body = null, url = `${ORIGIN}/sign-in` }: Init): NextRequest {
  return new NextRequest(url, {
    method,
    headers: { host: 'localhost:3000', origin: ORIGIN, 'sec-fetch-site': 'same-origin', ...headers },
    body,
    duplex: 'half',
  } as ConstructorParameters<typeof NextRequest>[1]);
}

/** A call as React makes it from a form: multipart, root row 0, the form's fields under _1_. */
function reactCall(fields: Record<string, string> = { email: 'ada@example.test' }): Request {
  const form = new FormData();
  form.set('0', '["$undefined","$K1"]');
  for (const [k, v] of Object.entries(fields)) form.set(`_1_${k}`, v);
  return new Request(ORIGIN, { method: 'POST', body: form });
}

async function actionCall(body: BodyInit | null, contentType: string | null, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { 'next-action': ACTION_ID, ...extra };
  if (contentType !== null) headers['content-type'] = contentType;
  return request({ headers, body });
}

const passedOn = (res: Response) => res.headers.get('x-middleware-next') === '1';

describe('server-action calls with something other than form data', () => {
  it('answers 400 for JSON, text, urlencoded or no body type, with the message a form gives', async () => {
    const proxy = await loadProxy();
    const cases: [BodyInit | null, string | null][] = [
      ['["a",{"b":1}]', 'text/plain;charset=UTF-8'],
      ['["a"]', 'application/json'],
      ['email=a', 'application/x-www-form-urlencoded'],
      // Bytes, so that no content type is added.
      [new TextEncoder().encode('["a"]'), null],
      [null, null],
    ];
    for (const [body, type] of cases) {
      const res = await proxy(await actionCall(body, type));
      expect(res.status, `${type}: ${body}`).toBe(400);
      expect(await res.text()).toBe('This request could not be read. Reload the page and try again.');
    }
  });
  it('passes JSON text only as Next.js sends it for an action without arguments', async () => {
    const proxy = await loadProxy();
    const noArguments = `00${ACTION_ID.slice(2)}`;
    const call = (body: string, id: string) =>
      request({ headers: { 'next-action': id, 'content-type': 'text/plain;charset=UTF-8' }, body });
    expect(passedOn(await proxy(call('[]', noArguments)))).toBe(true);
    expect((await proxy(call('["a"]', noArguments))).status).toBe(400);
    expect((await proxy(call('[{"status":"idle"}]', ACTION_ID))).status).toBe(400);
  });
  it('passes a call as React encodes it from a form', async () => {
    const proxy = await loadProxy();
    const call = reactCall();
    const res = await proxy(await actionCall(call.body, call.headers.get('content-type')));
    expect(res.status).toBe(200);
    expect(passedOn(res)).toBe(true);
  });
});

describe('malformed bodies', () => {
  it('refuses a broken, missing or wrong boundary and a truncated body with 400', async () => {
    const proxy = await loadProxy();
    const call = reactCall();
    const type = call.headers.get('content-type')!;
    const text = await call.text();
    for (const [body, contentType] of [
      [text, 'multipart/form-data'],
      [text, 'multipart/form-data; boundary=nope'],
      [text.slice(0, text.length - 30), type],
      ['{"0":"x"}', type],
    ]) {
      const res = await proxy(await actionCall(body, contentType));
      expect(res.status, `${contentType}: ${body.slice(0, 40)}`).toBe(400);
    }
  });
  it('refuses bad JSON and deep nesting in a call with 400', async () => {
    const proxy = await loadProxy();
    for (const root of ['[{"status":', '['.repeat(10_000) + ']'.repeat(10_000)]) {
      const form = new FormData();
      form.set('0', root);
      const call = new Request(ORIGIN, { method: 'POST', body: form });
      const res = await proxy(await actionCall(call.body, call.headers.get('content-type')));
      expect(res.status).toBe(400);
    }
  });
  it('refuses bad JSON in the previous state of a form posted without JavaScript with 400', async () => {
    const proxy = await loadProxy();
    const form = new FormData();
    form.set('$ACTION_REF_1', '');
    form.set('$ACTION_1:0', `{"id":"${ACTION_ID}","bound":"$@1"}`);
    form.set('$ACTION_1:1', '['.repeat(10_000));
    form.set('$ACTION_KEY', 'k0');
    form.set('email', 'ada@example.test');
    const post = new Request(ORIGIN, { method: 'POST', body: form });
    const res = await proxy(
      request({ headers: { 'content-type': post.headers.get('content-type')! }, body: post.body }),
    );
    expect(res.status).toBe(400);
  });
  it('answers 413 for a call over 8 MB, declared or chunked', async () => {
    const proxy = await loadProxy();
    const big = 'x'.repeat(8 * 1024 * 1024 + 1);
    const declared = await proxy(
      await actionCall('', 'multipart/form-data; boundary=x', { 'content-length': String(big.length) }),
    );
    expect(declared.status).toBe(413);
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ > 9) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await proxy(await actionCall(chunked, 'multipart/form-data; boundary=x'));
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/too large/);
  });
  it('sends a chunked plain form post over the limit back to its page, like a declared one', async () => {
    const proxy = await loadProxy();
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ > 9) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await proxy(
      request({
        url: `${ORIGIN}/settings/profile`,
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: chunked,
      }),
    );
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!).search).toBe('?tooLarge=1');
  });
});

describe('posts from another address', () => {
  it('answer 403 with a page naming APP_URL when the app is opened as localhost but lives at 127.0.0.1', async () => {
    const proxy = await loadProxy({ appUrl: 'http://127.0.0.1:3000' });
    const res = await proxy(
      request({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a' }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<a href="http://127.0.0.1:3000/sign-in">');
    const call = reactCall();
    const fetchCall = await proxy(await actionCall(call.body, call.headers.get('content-type')));
    expect(fetchCall.status).toBe(403);
    expect(await fetchCall.text()).toContain('http://127.0.0.1:3000');
  });
  it('name and link APP_URL only, whatever Host and Origin the request came with, in the browser’s language', async () => {
    const proxy = await loadProxy({ appUrl: 'http://localhost:3000' });
    const res = await proxy(
      request({
        url: 'http://evil.test/settings/profile',
        headers: {
          host: 'evil.test',
          'x-forwarded-host': 'evil.test',
          origin: 'http://evil.test',
          'accept-language': 'de-DE,de;q=0.9',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'email=a',
      }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<html lang="de">');
    const links = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(links).toEqual(['http://localhost:3000/settings/profile']);
    // The origin the browser sent is only told, as text.
    expect(html).toContain('von einer Seite unter http://evil.test gesendet');
  });
  it('accept localhost, 127.0.0.1 and [::1] on the app port in development only', async () => {
    for (const origin of ['http://127.0.0.1:3000', 'http://[::1]:3000']) {
      const call = reactCall();
      const init = {
        headers: {
          origin,
          host: new URL(origin).host,
          'next-action': ACTION_ID,
          'content-type': call.headers.get('content-type')!,
        },
        body: call.body,
      };
      const devProxy = await loadProxy({ nodeEnv: 'development' });
      expect(passedOn(await devProxy(request(init))), origin).toBe(true);
      const call2 = reactCall();
      const prodProxy = await loadProxy();
      expect((await prodProxy(request({ ...init, body: call2.body }))).status, origin).toBe(403);
    }
    const devProxy = await loadProxy({ nodeEnv: 'development' });
    const otherPort = await devProxy(
      request({
        headers: { origin: 'http://127.0.0.1:3001', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      }),
    );
    expect(otherPort.status).toBe(403);
  });
  it('tell Next.js the host the browser used when a reverse proxy rewrote it', async () => {
    const proxy = await loadProxy({ appUrl: 'https://roster.example.com' });
    const call = reactCall();
    const res = await proxy(
      request({
        headers: {
          origin: 'https://roster.example.com',
          host: '127.0.0.1:3000',
          'next-action': ACTION_ID,
          'content-type': call.headers.get('content-type')!,
        },
        body: call.body,
      }),
    );
    expect(passedOn(res)).toBe(true);
    // NextResponse.next passes overridden request headers on as x-middleware-request-*.
    expect(res.headers.get('x-middleware-request-x-forwarded-host')).toBe('roster.example.com');
  });
  it('still refuse a cross-site post', async () => {
    const proxy = await loadProxy();
    const res = await proxy(
      request({
        headers: {
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'a=1',
      }),
    );
    expect(res.status).toBe(403);
  });
  it('take "Sign out" posted with Origin: null from our own page (a secret link left no-referrer behind), not from elsewhere', async () => {
    const proxy = await loadProxy();
    const signOut = (origin: string, site: string) =>
      proxy(request({ url: `${ORIGIN}/sign-out`, headers: { origin, 'sec-fetch-site': site } }));
    expect(passedOn(await signOut('null', 'same-origin'))).toBe(true);
    expect((await signOut('null', 'cross-site')).status).toBe(403);
    expect((await signOut('https://evil.example', 'cross-site')).status).toBe(403);
    // Other forms still need a real origin.
    expect((await proxy(request({ headers: { origin: 'null', 'sec-fetch-site': 'same-origin' } }))).status).toBe(403);
  });
});

describe('sign-in redirect of a signed-out visitor', () => {
  it('keeps a normal URL and bounds a huge one', async () => {
    const proxy = await loadProxy();
    const normal = await proxy(request({ method: 'GET', url: `${ORIGIN}/org-settings/users?q=ada` }));
    expect(normal.status).toBe(307);
    expect(new URL(normal.headers.get('location')!).searchParams.get('callbackUrl')).toBe('/org-settings/users?q=ada');
    const huge = await proxy(request({ method: 'GET', url: `${ORIGIN}/org-settings/users?q=${'%25'.repeat(2000)}` }));
    const location = huge.headers.get('location')!;
    expect(location.length).toBeLessThan(1200);
    expect(new URL(location).searchParams.get('callbackUrl')).toBe('/org-settings/users');
    const hugePath = await proxy(request({ method: 'GET', url: `${ORIGIN}/settings/${'a'.repeat(6000)}` }));
    expect(new URL(hugePath.headers.get('location')!).search).toBe('');
  });
});

describe('which paths the proxy sees', () => {
  // Next compiles the matcher into a regular expression over the whole pathname; this one has no
  // named parameters, so as a RegExp it matches the same paths.
  async function matches(pathname: string): Promise<boolean> {
    const { config } = await import('@/proxy');
    return config.matcher.some((pattern) => new RegExp(`^${pattern}$`).test(pathname));
  }

  it('skips the token API, whose routes answer for themselves', async () => {
    for (const pathname of [
      '/api/v1/me',
      '/api/v1/users',
      '/api/v1/users/0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d/approver',
    ])
      expect(await matches(pathname), pathname).toBe(false);
  });

  it('still sees API paths with a percent sign, for the check of their encoding, and every page', async () => {
    for (const pathname of [
      '/api/v1/users/%E0%A4%A',
      '/api/v1/%%%',
      '/settings/profile',
      '/sign-in',
      '/api/auth/callback/oidc',
    ])
      expect(await matches(pathname), pathname).toBe(true);
    const proxy = await loadProxy();
    const res = await proxy(request({ method: 'GET', url: `${ORIGIN}/api/v1/users/%E0%A4%A` }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'bad_request', message: 'The path is not valid percent-encoding.' },
    });
  });
});
