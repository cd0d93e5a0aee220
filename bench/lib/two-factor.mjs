/**
 * Helpers for the two-factor benchmark: signed-in GETs and form posts (session cookie sent along),
 * finding a form by its submit button or a field, reading the manual TOTP key and the backup codes
 * off /settings/security, and computing the current TOTP code as an authenticator app would.
 */
import { Secret, TOTP } from 'otpauth';

import { describeFailure, getPage, postForm, sessionCookieFrom } from './forms.mjs';

export const TOTP_PERIOD_SECONDS = 30;

function decodeEntities(value) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&amp;/g, '&');
}

function attribute(tag, name) {
  const match = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decodeEntities(match[1] ?? match[2] ?? '') : undefined;
}

/** Visible text of an HTML fragment: tags dropped, entities decoded, white space folded. */
export function textOf(html) {
  return decodeEntities(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The hidden inputs of the first <form> that has an input named `field` (when given) and a submit
 * button whose text is `button` (when given). Throws, naming the forms found, when none matches.
 */
export function hiddenInputsOf(html, { field, button }) {
  const forms = html.match(/<form\b[\s\S]*?<\/form>/gi) ?? [];
  const form = forms.find((f) => {
    if (field && !new RegExp(`<input\\b[^>]*\\sname="${escapeRegExp(field)}"`, 'i').test(f)) return false;
    if (button) {
      const buttons = (f.match(/<button\b[\s\S]*?<\/button>/gi) ?? []).map(textOf);
      if (!buttons.includes(button)) return false;
    }
    return true;
  });
  if (!form) {
    const seen = forms.map((f) => (f.match(/<button\b[\s\S]*?<\/button>/gi) ?? []).map(textOf).join('/')).join(' | ');
    throw new Error(
      `No form with ${field ? `a "${field}" field` : 'no field condition'}${button ? ` and a "${button}" button` : ''} on the page (forms' buttons: ${seen || 'none'}).`,
    );
  }
  const hidden = [];
  for (const tag of form.match(/<input\b[^>]*>/gi) ?? []) {
    if ((attribute(tag, 'type') ?? '').toLowerCase() !== 'hidden') continue;
    const name = attribute(tag, 'name');
    if (name) hidden.push([name, attribute(tag, 'value') ?? '']);
  }
  return hidden;
}

/** Text content of the first element with this aria-label (no nested element of the same tag). */
export function textByAriaLabel(html, label) {
  const re = new RegExp(`<([a-z][a-z0-9]*)\\b[^>]*\\saria-label="${escapeRegExp(label)}"[^>]*>([\\s\\S]*?)</\\1>`, 'i');
  const match = re.exec(html);
  return match ? { tag: match[1].toLowerCase(), inner: match[2] } : null;
}

/** The manual-entry TOTP key shown during setup, groups separated by spaces. */
export function manualKeyFrom(html, label = 'Key for manual entry') {
  const found = textByAriaLabel(html, label);
  if (!found) throw new Error(`No element labelled "${label}" on the page.`);
  return textOf(found.inner);
}

/** The backup codes listed in <ol aria-label="Backup codes">, or [] when the list is not shown. */
export function backupCodesFrom(html, label = 'Backup codes') {
  const found = textByAriaLabel(html, label);
  if (!found) return [];
  return (found.inner.match(/<li\b[^>]*>[\s\S]*?<\/li>/gi) ?? []).map(textOf).filter(Boolean);
}

/** What an authenticator app shows now for the key (spaces between groups allowed). */
export function totpCode(key, timestamp = Date.now()) {
  return new TOTP({
    secret: Secret.fromBase32(key.replace(/\s/g, '')),
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
  }).generate({ timestamp });
}

export function totpStep(timestamp = Date.now()) {
  return Math.floor(timestamp / 1000 / TOTP_PERIOD_SECONDS);
}

/** A path (or absolute URL) on the benchmarked server only; anything else is refused. */
export function sameOriginPath(server, location) {
  const url = new URL(location, server.baseUrl);
  if (url.origin !== new URL(server.baseUrl).origin) {
    throw new Error(`Refusing to follow ${url.origin}: only ${server.baseUrl} is benchmarked.`);
  }
  return `${url.pathname}${url.search}`;
}

/** GET a page with the session cookie; it must answer 200. */
export async function getSignedIn(server, path, cookie) {
  const page = await getPage(server.baseUrl, sameOriginPath(server, path), { cookie });
  if (page.status !== 200) {
    throw new Error(`GET ${path} answered ${page.status}${page.location ? ` → ${page.location}` : ''}, expected 200.`);
  }
  return page;
}

/**
 * POST a form of a page with the session cookie: `hidden` from hiddenInputsOf plus the visible
 * `fields`. Returns the result of postForm and the cookie to use next (a new session cookie
 * when the response set one).
 */
export async function postSignedIn(server, path, cookie, hidden, fields = {}) {
  const result = await postForm(
    server.baseUrl,
    sameOriginPath(server, path),
    server.origin,
    [...hidden, ...Object.entries(fields)],
    { cookie },
  );
  return { ...result, cookie: sessionCookieFrom(result.setCookies) ?? cookie };
}

/** A post that re-rendered the page (200) or redirected (303), with no error alert on the page. */
export function assertPosted(what, result) {
  if (![200, 303].includes(result.status) || /role="alert"/.test(result.text)) {
    throw new Error(`${what} failed (${describeFailure(result)}).`);
  }
}
