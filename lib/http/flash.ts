import 'server-only';

import { cookies, headers } from 'next/headers';

import { sessionCookie } from '../auth/cookies';
import type { MessageKey } from '../i18n/message';
import { catalogKey, getT } from '../i18n/server';
import { FLASH_COOKIE, FLASH_HEADER } from './flash-cookie';

export { FLASH_COOKIE };

/**
 * The one way to say something after a redirect (post → redirect → page): a short-lived cookie
 * scoped to the page it is for, holding a message key and its values, never text. The page reads
 * it with `readFlash` and shows it with `<Notice>`; the proxy lets it be seen once and then
 * expires it. Nothing in it is trusted: the key must exist in the catalog, values are shown as
 * plain text, and it only ever reaches the browser that set it.
 */
const MAX_AGE_SECONDS = 60;
const MAX_LENGTH = 1000;

export type Flash = {
  status: 'success' | 'info' | 'error';
  key: MessageKey;
  values?: Record<string, string | number>;
  /**
   * Tells one message from the next, even the same one twice (a second "Invitation sent"), so the
   * page takes the reader to each one (`<FlashNotice>`). Set by `setFlash`.
   */
  id?: string;
};

const ID = /^[0-9a-f]{1,16}$/;

/** Sets the message the page at `path` shows after the redirect that follows. */
export async function setFlash(path: string, flash: Flash): Promise<void> {
  const id = crypto.randomUUID().replaceAll('-', '').slice(0, 12);
  const value = Buffer.from(JSON.stringify({ ...flash, id })).toString('base64url');
  if (value.length > MAX_LENGTH) throw new Error('flash message too long');
  (await cookies()).set(FLASH_COOKIE, value, {
    path,
    maxAge: MAX_AGE_SECONDS,
    // The page's script removes it once shown (the proxy does so for a page loaded without it).
    httpOnly: false,
    sameSite: 'lax',
    secure: sessionCookie().secure,
  });
}

/** Parses a flash cookie's value; anything malformed is no message. */
export function parseFlash(raw: string | undefined, keyOf: (key: string) => MessageKey | null): Flash | null {
  if (!raw || raw.length > MAX_LENGTH) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { [K in keyof Flash]?: unknown };
    if (parsed.status !== 'success' && parsed.status !== 'info' && parsed.status !== 'error') return null;
    const key = typeof parsed.key === 'string' ? keyOf(parsed.key) : null;
    if (!key) return null;
    const values: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(parsed.values ?? {})) {
      if (typeof value === 'string') values[name] = value.slice(0, 254);
      else if (typeof value === 'number' && Number.isFinite(value)) values[name] = value;
    }
    const id = typeof parsed.id === 'string' && ID.test(parsed.id) ? parsed.id : undefined;
    return { status: parsed.status, key, values, ...(id ? { id } : {}) };
  } catch {
    return null;
  }
}

/**
 * The message set for this page by the action that redirected here, if any: handed on by the proxy
 * on a page load, or still in the cookie when the action's own answer renders the page (with
 * JavaScript, where `<FlashNotice>` then forgets it).
 */
export async function readFlash(): Promise<Flash | null> {
  const raw = (await headers()).get(FLASH_HEADER) ?? (await cookies()).get(FLASH_COOKIE)?.value;
  if (!raw) return null;
  const t = await getT();
  return parseFlash(raw, (key) => catalogKey(t, key));
}
