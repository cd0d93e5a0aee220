import de from '@/messages/de/wrongAddress.json';
import en from '@/messages/en/wrongAddress.json';
import ru from '@/messages/ru/wrongAddress.json';

import { negotiateLocale, type Locale } from '../i18n/config';

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

type WrongAddressText = (typeof en)['wrongAddress'];

const WRONG_ADDRESS: Record<Locale, WrongAddressText> = {
  en: en.wrongAddress,
  de: de.wrongAddress,
  ru: ru.wrongAddress,
};

/**
 * A message as HTML: its `{name}` arguments filled in one pass (the messages have plain arguments
 * only), the text and `values` escaped, `markup` (made here) as it is.
 */
function fill(message: string, values: Record<string, string>, markup: Record<string, string> = {}): string {
  return escapeHtml(message).replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(markup, name) ? markup[name] : Object.hasOwn(values, name) ? escapeHtml(values[name]) : whole,
  );
}

/**
 * The one sentence for a post refused for its origin, for a script's server-action call, whose
 * text the page's router shows as the error. Plain text, not HTML.
 */
export function wrongOriginText(appOrigin: string, acceptLanguage?: string | null): string {
  return WRONG_ADDRESS[negotiateLocale(acceptLanguage)].script.replaceAll('{address}', appOrigin);
}

// The look of the other signed-out pages (components/shell/auth-card.tsx with app/globals.css):
// Tailwind's zinc and the brand colours, light or dark as the browser prefers. Inline, because
// the page's stylesheet has a hashed name the proxy does not know.
const STYLE = `:root{color-scheme:light;--bg:oklch(98.5% 0 0);--fg:oklch(21% .006 285.885);--muted:oklch(44.2% .017 285.786);--card:#fff;--line:oklch(92% .004 286.32);--brand:oklch(.45 .19 265);--button:oklch(.51 .2 265);--button-hover:oklch(.45 .19 265);--ring:oklch(.58 .19 265)}
@media (prefers-color-scheme:dark){:root{color-scheme:dark;--bg:oklch(14.1% .005 285.823);--fg:oklch(96.7% .001 286.375);--muted:oklch(70.5% .015 286.067);--card:oklch(21% .006 285.885);--line:oklch(27.4% .006 286.033);--brand:oklch(.93 .04 265)}}
*{box-sizing:border-box}
body{margin:0;min-height:100dvh;background:var(--bg);color:var(--fg);font-family:ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;line-height:1.5;-webkit-font-smoothing:antialiased}
main{display:flex;min-height:100dvh;align-items:center;justify-content:center;padding:2.5rem 1rem}
.frame{width:100%;max-width:28rem}
.brand{margin:0 0 1.5rem;text-align:center;font-size:1.125rem;line-height:1.75rem;font-weight:600;letter-spacing:-.025em;color:var(--brand)}
.card{border:1px solid var(--line);border-radius:.5rem;background:var(--card);padding:1.5rem;box-shadow:0 1px 3px 0 rgb(0 0 0/.1),0 1px 2px -1px rgb(0 0 0/.1)}
h1{margin:0;font-size:1.25rem;line-height:1.75rem;font-weight:600}
p{margin:.25rem 0 0;font-size:.875rem;line-height:1.25rem;color:var(--muted)}
.next{margin-top:1.5rem;color:var(--fg)}
a{display:flex;min-height:2.5rem;margin-top:.75rem;align-items:center;justify-content:center;border-radius:.375rem;padding:.5rem 1rem;background:var(--button);color:#fff;font-size:.875rem;line-height:1.25rem;font-weight:500;text-align:center;text-decoration:none;overflow-wrap:anywhere}
a:hover{background:var(--button-hover)}
a:focus-visible{outline:2px solid var(--ring);outline-offset:2px}
strong{color:var(--fg);font-weight:600;overflow-wrap:anywhere}`;

/**
 * A form posted from a page that is not at the app's address (most often the app opened as
 * 127.0.0.1 while APP_URL says localhost, or the other way round): a page like the other
 * signed-out ones, in the browser's language, that says so and links to the same page at the
 * app's address. Nothing was saved. The address it names and links is always `appOrigin`
 * (APP_URL's), never one the request named; the origin the browser sent is only shown, as text,
 * when it is a plain http(s) origin.
 */
export function wrongOriginPage({
  appOrigin,
  pathname,
  origin,
  acceptLanguage,
}: {
  appOrigin: string;
  pathname: string;
  origin: string | null;
  acceptLanguage?: string | null;
}): string {
  const locale = negotiateLocale(acceptLanguage);
  const text = WRONG_ADDRESS[locale];
  const from = displayableOrigin(origin);
  const target = linkTarget(appOrigin, pathname);
  const address = { address: `<strong>${escapeHtml(appOrigin)}</strong>` };
  const explanation = from
    ? fill(text.explanation, { origin: from }, address)
    : fill(text.explanationNoOrigin, {}, address);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(text.title)} · Roster</title>
<style>${STYLE}</style>
</head>
<body>
<main id="content">
<div class="frame">
<p class="brand">Roster</p>
<div class="card">
<h1>${escapeHtml(text.title)}</h1>
<p>${explanation}</p>
<p class="next">${escapeHtml(text.next)}</p>
<a href="${escapeHtml(target)}">${fill(text.link, { target })}</a>
</div>
</div>
</main>
</body>
</html>
`;
}
