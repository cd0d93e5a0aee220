import 'server-only';

import { headers } from 'next/headers';
import { redirect, unstable_rethrow } from 'next/navigation';

import { databaseUnavailableCause } from '@/db/unavailable';

import { log } from '../log';
import { escapeHtml } from './refusals';
import { isSecretPath } from './secret-links';

export const UNAVAILABLE_PATH = '/unavailable';

/** Seconds a client is asked to wait before trying again (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Where a page goes when it cannot be rendered because the database is out of reach. The page it
 * came from is named so "Try again" leads back, unless its path is a secret link, which must not
 * travel in another URL.
 */
export function unavailablePath(pathname: string): string {
  const from =
    pathname.startsWith('/') && !pathname.startsWith('//') && pathname.length <= 1000 && !isSecretPath(pathname);
  return from && pathname !== UNAVAILABLE_PATH
    ? `${UNAVAILABLE_PATH}?from=${encodeURIComponent(pathname)}`
    : UNAVAILABLE_PATH;
}

/**
 * What a page loads from the database, or — when the database is out of reach — a redirect to
 * the page that answers 503 and says "try again". A page cannot set its own status, and without
 * this Next.js would answer 500 with its error page. Any other error is thrown unchanged.
 */
export async function orUnavailable<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    unstable_rethrow(error);
    const cause = databaseUnavailableCause(error);
    if (!cause) throw error;
    const requestHeaders = await headers();
    const { code } = cause as { code?: unknown };
    log.warn(
      { code, err: cause.message, requestId: requestHeaders.get('x-request-id') },
      'database unavailable, page sent to /unavailable',
    );
    redirect(unavailablePath(requestHeaders.get('x-roster-path') ?? '/'));
  }
}

/** The path to go back to, from `?from=`: one of ours, never a secret link, never another site. */
export function backPath(from: string | null): string {
  if (!from || !from.startsWith('/') || from.startsWith('//') || from.includes('\\') || from.length > 1000) return '/';
  return isSecretPath(from) || from === UNAVAILABLE_PATH ? '/' : from;
}

export type UnavailableTexts = { lang: string; title: string; body: string; retry: string };

/** A self-contained page (no scripts, no database): the title, one sentence and "Try again". */
export function unavailablePage(texts: UnavailableTexts, back: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(texts.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(texts.title)} · Roster</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:2rem 1rem;line-height:1.5;color:#18181b;background:#fff}main{max-width:36rem;margin:0 auto}a{color:#1d4ed8}@media (prefers-color-scheme:dark){body{color:#f4f4f5;background:#18181b}a{color:#93c5fd}}</style>
</head>
<body>
<main>
<h1>${escapeHtml(texts.title)}</h1>
<p role="alert">${escapeHtml(texts.body)}</p>
<p><a href="${escapeHtml(back)}">${escapeHtml(texts.retry)}</a></p>
</main>
</body>
</html>
`;
}
