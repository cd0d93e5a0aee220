/**
 * Posting the app's server-action forms the way a browser without JavaScript does: GET the page,
 * take every hidden input of the form (the action id fields differ at every build), add the
 * visible fields and POST multipart/form-data to the same URL with an Origin header.
 */

const REQUEST_TIMEOUT_MS = 30_000;

function decodeEntities(value) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&amp;/g, '&');
}

function attribute(tag, name) {
  const match = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decodeEntities(match[1] ?? match[2] ?? '') : undefined;
}

/**
 * The hidden inputs of the first <form> that has an input named `mustHave`.
 * Throws with a short excerpt of the page when there is no such form.
 */
export function hiddenInputsOfForm(html, mustHave) {
  const forms = html.match(/<form\b[\s\S]*?<\/form>/gi) ?? [];
  const form = forms.find((f) => new RegExp(`<input\\b[^>]*\\sname="${mustHave}"`, 'i').test(f));
  if (!form) {
    throw new Error(`No form with a "${mustHave}" field on the page. Start of the page: ${html.slice(0, 300)}`);
  }
  const hidden = [];
  for (const tag of form.match(/<input\b[^>]*>/gi) ?? []) {
    if ((attribute(tag, 'type') ?? '').toLowerCase() !== 'hidden') continue;
    const name = attribute(tag, 'name');
    if (name) hidden.push([name, attribute(tag, 'value') ?? '']);
  }
  return hidden;
}

export async function getPage(baseUrl, path, headers = {}) {
  const response = await fetch(new URL(path, baseUrl), {
    redirect: 'manual',
    headers,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

/** GET the page and return the fields to post: the form's hidden inputs plus `fields`. */
export async function prepareForm(baseUrl, path, mustHave, fields) {
  const page = await getPage(baseUrl, path);
  if (page.status !== 200) {
    throw new Error(`GET ${path} answered ${page.status}${page.location ? ` → ${page.location}` : ''}, expected 200.`);
  }
  return [...hiddenInputsOfForm(page.html, mustHave), ...Object.entries(fields)];
}

/** POST prepared fields as multipart/form-data (what the browser sends for these forms). */
export async function postForm(baseUrl, path, origin, entries, headers = {}) {
  const body = new FormData();
  for (const [name, value] of entries) body.append(name, value);
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { origin, ...headers },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return {
    status: response.status,
    location: response.headers.get('location'),
    setCookies: response.headers.getSetCookie(),
    text,
  };
}

/** The `name=value` pair of the session cookie among Set-Cookie headers, or null. */
export function sessionCookieFrom(setCookies) {
  for (const header of setCookies) {
    const pair = header.split(';', 1)[0];
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1);
    if (/^(?:__Host-)?roster\.session(?:\.\d+)?$/.test(name) && value) return `${name}=${value}`;
  }
  return null;
}

/** Why a form post did not redirect: the alert text of a re-rendered page, or its status. */
export function describeFailure(result) {
  const alert = /role="alert"[^>]*>([\s\S]*?)<\//
    .exec(result.text)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();
  return `status ${result.status}${result.location ? ` → ${result.location}` : ''}${alert ? `: ${alert}` : ''}`;
}
