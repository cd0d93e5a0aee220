import http from 'node:http';
import { describe, expect, test } from 'vitest';

import { baseUrl, jsOn, newPage, useBrowser } from './support/browser';
import { useSetUp } from './support/fixtures';

// Set up first: the sign-in form these requests copy is shown only once an organization exists.
useBrowser();
useSetUp();

// Requests no browser sends, posted straight to the production server: each must be refused
// with a 4xx (or sent back to its form), never answered with a 500. They do not depend on the
// page's JavaScript, so the request-level checks run against one of the two servers only.

const LIMIT = 8 * 1024 * 1024;
const origin = new URL(baseUrl).origin;

type Post = {
  path?: string;
  action?: string | null;
  contentType?: string | null;
  body?: BodyInit | null;
  headers?: Record<string, string>;
};

/** A post from the app's own page unless told otherwise; redirects are not followed. */
async function post({
  path = '/sign-in',
  action = null,
  contentType = null,
  body = null,
  headers = {},
}: Post): Promise<Response> {
  const h: Record<string, string> = { origin, 'sec-fetch-site': 'same-origin', ...headers };
  if (action) h['next-action'] = action;
  if (contentType) h['content-type'] = contentType;
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: h,
    body,
    redirect: 'manual',
    duplex: 'half',
  } as RequestInit);
}

/** A post with a Host header of our choosing (fetch always sends the one it connects to). */
function postWithHost(path: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { origin, 'sec-fetch-site': 'same-origin', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The hidden `$ACTION_…` inputs React renders into the sign-in form, by name, decoded. */
async function signInFormFields(): Promise<Map<string, string>> {
  const html = await (await fetch(`${baseUrl}/sign-in`)).text();
  const decode = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields = new Map<string, string>();
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (name?.startsWith('$ACTION')) fields.set(decode(name), decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? ''));
  }
  return fields;
}

/** The id of the sign-in action, as the page renders it into its form (ids change with every build). */
async function signInActionId(): Promise<string> {
  for (const [name, value] of await signInFormFields()) {
    if (name.startsWith('$ACTION_ID_')) return name.slice('$ACTION_ID_'.length);
    if (/^\$ACTION_\d+:0$/.test(name)) return (JSON.parse(value) as { id: string }).id;
  }
  throw new Error('No server action id on /sign-in');
}

/** A multipart body as React sends a form's call: the root row and the form's fields. */
function reactCall(root = '["$undefined","$K1"]'): { body: string; contentType: string; text: string } {
  const boundary = '----RosterE2eBoundary7MA4YWxkTrZu0gW';
  const parts = [
    ['0', root],
    ['_1_email', 'nobody@example.test'],
    ['_1_password', 'wrong'],
  ];
  const text =
    parts
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') + `--${boundary}--\r\n`;
  return { body: text, contentType: `multipart/form-data; boundary=${boundary}`, text };
}

/** A body sent in chunks without Content-Length, larger than the limit. */
function chunkedOver(limit: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x78);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent > limit) controller.close();
      else {
        sent += chunk.length;
        controller.enqueue(chunk);
      }
    },
  });
}

describe.skipIf(!jsOn)('malformed server-action calls', () => {
  test('something other than form data is refused with 400 and the form message', async () => {
    const action = await signInActionId();
    const cases: Post[] = [
      { contentType: 'text/plain;charset=UTF-8', body: '[{"status":"idle"},"x"]' },
      { contentType: 'application/json', body: '{"0": [' },
      { contentType: 'text/plain;charset=UTF-8', body: '['.repeat(20_000) + ']'.repeat(20_000) },
      { contentType: null, body: new TextEncoder().encode('["a"]') },
      { contentType: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'email=a&password=b' },
    ];
    for (const c of cases) {
      const res = await post({ ...c, action });
      expect(res.status, `${c.contentType}`).toBe(400);
      expect(await res.text()).toBe('This request could not be read. Reload the page and try again.');
    }
    // What Next.js's client sends to an action without arguments still reaches the action.
    const empty = await post({ action, contentType: 'text/plain;charset=UTF-8', body: '[]' });
    expect(empty.status).toBe(200);
  });

  test('broken multipart bodies, bad JSON and deep nesting are refused with 400', async () => {
    const action = await signInActionId();
    const good = reactCall();
    const cases: [string, Post][] = [
      ['no boundary', { contentType: 'multipart/form-data', body: good.body }],
      ['another boundary', { contentType: 'multipart/form-data; boundary=other', body: good.body }],
      ['truncated', { contentType: good.contentType, body: good.text.slice(0, -40) }],
      ['bad JSON', { contentType: reactCall('[{"status":').contentType, body: reactCall('[{"status":').body }],
      [
        'deep nesting',
        { contentType: good.contentType, body: reactCall('['.repeat(20_000) + ']'.repeat(20_000)).body },
      ],
      ['no root row', { contentType: good.contentType, body: good.text.replace('name="0"', 'name="_1_x"') }],
    ];
    for (const [name, c] of cases) {
      const res = await post({ ...c, action });
      expect(res.status, name).toBe(400);
    }
    // The same call well formed reaches the action, which answers the wrong password itself.
    const res = await post({ action, contentType: good.contentType, body: good.body });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/x-component');
  });

  test('a call over 8 MB is refused with 413, with or without Content-Length', async () => {
    const action = await signInActionId();
    const declared = await post({
      action,
      contentType: 'multipart/form-data; boundary=x',
      body: new Uint8Array(LIMIT + 1),
    });
    expect(declared.status).toBe(413);
    const chunked = await post({ action, contentType: 'multipart/form-data; boundary=x', body: chunkedOver(LIMIT) });
    expect(chunked.status).toBe(413);
    expect(await chunked.text()).toMatch(/too large/);
  });

  test('a form posted without JavaScript with a broken body is refused, and sent back when too large', async () => {
    // The sign-in form's own hidden fields, with the previous state replaced.
    const hidden = await signInFormFields();
    const stateField = [...hidden.keys()].find((name) => /^\$ACTION_\d+:1$/.test(name));
    expect(stateField, 'the previous state of useActionState').toBeTruthy();
    const boundary = 'RosterE2eForm';
    const field = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const withState = (previous: string) =>
      [...hidden].map(([name, value]) => field(name, name === stateField ? previous : value)).join('') +
      field('email', 'nobody@example.test') +
      field('password', 'wrong') +
      `--${boundary}--\r\n`;
    const contentType = `multipart/form-data; boundary=${boundary}`;
    for (const [name, body] of [
      ['bad JSON state', withState('[{"status":')],
      ['deep state', withState('['.repeat(20_000) + ']'.repeat(20_000))],
      ['state that is no list', withState('null')],
      ['truncated', withState('[{"status":"idle"}]').slice(0, -30)],
    ]) {
      const res = await post({ contentType, body });
      expect(res.status, name).toBe(400);
    }
    const missingBoundary = await post({ contentType: 'multipart/form-data', body: withState('[]') });
    expect(missingBoundary.status).toBe(400);
    const tooLarge = await post({ path: '/settings/profile', contentType, body: chunkedOver(LIMIT) });
    expect(tooLarge.status).toBe(303);
    expect(new URL(tooLarge.headers.get('location')!, baseUrl).search).toBe('?tooLarge=1');
    // The same form well formed reaches the action, which answers with the form again.
    const ok = await post({ contentType, body: withState(hidden.get(stateField!)!) });
    expect(ok.status).toBe(200);
  });
});

describe.skipIf(!jsOn)('posts addressed to another name for the server', () => {
  test('a post from another origin gets a 403 page that names and links APP_URL', async () => {
    const port = new URL(baseUrl).port;
    const action = await signInActionId();
    const good = reactCall();
    const res = await post({
      action,
      contentType: good.contentType,
      body: good.body,
      headers: { origin: `http://127.0.0.1:${port}` },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(origin);
    // Addressed to that name too, as a browser that opened it does.
    expect(
      await postWithHost(
        '/sign-in',
        {
          origin: `http://127.0.0.1:${port}`,
          host: `127.0.0.1:${port}`,
          'next-action': action,
          'content-type': good.contentType,
        },
        good.body,
      ),
    ).toBe(403);
    const page = await post({
      contentType: 'application/x-www-form-urlencoded',
      body: 'email=a',
      headers: { origin: `http://127.0.0.1:${port}` },
    });
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<a href="${origin}/sign-in">`);
  });

  test('a reverse proxy that rewrites the host does not break the actions of the right origin', async () => {
    const action = await signInActionId();
    const good = reactCall();
    const forwarded = await post({
      action,
      contentType: good.contentType,
      body: good.body,
      headers: { 'x-forwarded-host': 'internal.example:8080' },
    });
    expect(forwarded.status).toBe(200);
    const rewritten = await postWithHost(
      '/sign-in',
      { host: `127.0.0.1:${new URL(baseUrl).port}`, 'next-action': action, 'content-type': good.contentType },
      good.body,
    );
    expect(rewritten).toBe(200);
    // Another origin with a matching forwarded host is still another origin.
    const res = await post({
      action,
      contentType: good.contentType,
      body: good.body,
      headers: { origin: 'https://other.example', 'x-forwarded-host': 'other.example' },
    });
    expect(res.status).toBe(403);
  });
});

describe.skipIf(!jsOn)('sign-in redirect of a huge URL', () => {
  test('does not copy the URL into the Location header unbounded', async () => {
    const query = `?q=${'%41'.repeat(2000)}`;
    const fromProxy = await fetch(`${baseUrl}/settings/profile${query}`, { redirect: 'manual' });
    expect(fromProxy.status).toBe(307);
    const location = fromProxy.headers.get('location')!;
    expect(location.length).toBeLessThan(1200);
    expect(new URL(location, baseUrl).searchParams.get('callbackUrl')).toBe('/settings/profile');
    // A stale session cookie gets past the proxy: the page itself sends the visitor to sign in.
    const fromPage = await fetch(`${baseUrl}/settings/${'%41'.repeat(2000)}`, {
      redirect: 'manual',
      headers: { cookie: '__Host-roster.session=stale' },
    });
    expect(fromPage.status).toBeLessThan(500);
    expect((fromPage.headers.get('location') ?? '').length).toBeLessThan(1200);
  });
});

describe.skipIf(jsOn)('a form sent from the server under another name', () => {
  test('shows a page that links the right address', async () => {
    const { page, errors } = await newPage();
    const port = new URL(baseUrl).port;
    await page.goto(`http://127.0.0.1:${port}/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill('nobody@example.test');
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    const [response] = await Promise.all([
      page.waitForEvent('response', (r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    expect(response.status()).toBe(403);
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Open Roster at its own address');
    const link = page.getByRole('link', { name: new RegExp(`Open ${origin}/sign-in`) });
    expect(await link.getAttribute('href')).toBe(`${origin}/sign-in`);
    // Chromium logs the refused document's status as a console error; that one is deliberate.
    const deliberate = errors.filter((e) => /status of 403/.test(e));
    expect(deliberate.length).toBeLessThanOrEqual(1);
    errors.splice(0, errors.length, ...errors.filter((e) => !deliberate.includes(e)));
  });
});
