import { describe, expect, test } from 'vitest';
import { baseUrl, jsOn, useBrowser } from './support/browser';

useBrowser();

// Requests no browser sends, posted straight to the production server: each must be refused
// with a 4xx (or sent back to its form), never answered with a 500. They do not depend on the
// page's JavaScript, so the request-level checks run against one of the two servers only.

const origin = new URL(baseUrl).origin;

type Post = { path?: string; action?: string | null; contentType?: string | null; body?: BodyInit | null; headers?: Record<string, string> };

/** A post from the app's own page unless told otherwise; redirects are not followed. */
async function post({ path = '/sign-in', action = null, contentType = null, body = null, headers = {} }: Post): Promise<Response> {
  const h: Record<string, string> = { origin, 'sec-fetch-site': 'same-origin', ...headers };
  if (action) h['next-action'] = action;
  if (contentType) h['content-type'] = contentType;
  return fetch(`${baseUrl}${path}`, { method: 'POST', headers: h, body, redirect: 'manual', duplex: 'half' } as RequestInit);
}

/** The hidden `$ACTION_…` inputs React renders into the sign-in form, by name, decoded. */
async function signInFormFields(): Promise<Map<string, string>> {
  const html = await (await fetch(`${baseUrl}/sign-in`)).text();
  const decode = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
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
});
