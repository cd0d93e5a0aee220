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
    const call = (body: string, id: string) => request({ headers: { 'next-action': id, 'content-type': 'text/plain;charset=UTF-8' }, body });
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
