/**
 * What proxy.ts answers when it refuses a request before any page or action runs. The texts
 * match what the forms say for the same problem (messages `errors.badRequest`).
 */

/** messages/en.json `errors.badRequest`: the answer of a form to a body it cannot read. */
export const BAD_REQUEST_MESSAGE = 'This request could not be read. Reload the page and try again.';

export const TOO_LARGE_MESSAGE = 'This request is too large: at most 8 MB can be sent at once.';

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The origin a browser named, for display, or null when it is not a plain http(s) origin. */
function displayableOrigin(origin: string | null): string | null {
  if (!origin || origin.length > 200) return null;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin ? origin : null;
  } catch {
    return null;
  }
}

/** The same page at the app's address; a path too long to be a page of ours leads to the start. */
function linkTarget(appOrigin: string, pathname: string): string {
  return pathname.startsWith('/') && pathname.length <= 1000 ? `${appOrigin}${pathname}` : `${appOrigin}/`;
}

/**
 * The one sentence for a post refused for its origin, for a script's server-action call, whose
 * text the page's router shows as the error.
 */
export function wrongOriginText(appOrigin: string): string {
  return `Roster accepts forms only from its own address, ${appOrigin}. Open ${appOrigin} and send the form again from there.`;
}

/**
 * A form posted from a page that is not at the app's address (most often the app opened as
 * 127.0.0.1 while APP_URL says localhost, or the other way round): a small page that says so and
 * links to the same page at the right address. Nothing was saved.
 */
export function wrongOriginPage({
  appOrigin,
  pathname,
  origin,
}: {
  appOrigin: string;
  pathname: string;
  origin: string | null;
}): string {
  const from = displayableOrigin(origin);
  const target = linkTarget(appOrigin, pathname);
  const sentFrom = from ? ` This one was sent from ${escapeHtml(from)}.` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Open Roster at its own address</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:2rem 1rem;line-height:1.5;color:#18181b;background:#fff}main{max-width:36rem;margin:0 auto}a{color:#1d4ed8}@media (prefers-color-scheme:dark){body{color:#f4f4f5;background:#18181b}a{color:#93c5fd}}</style>
</head>
<body>
<main>
<h1>Open Roster at its own address</h1>
<p>Roster accepts forms only from pages at ${escapeHtml(appOrigin)}.${sentFrom} Nothing was saved.</p>
<p><a href="${escapeHtml(target)}">Open ${escapeHtml(target)}</a> and send the form again from there.</p>
</main>
</body>
</html>
`;
}
