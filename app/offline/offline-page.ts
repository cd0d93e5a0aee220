import { escapeHtml } from '@/lib/http/refusals';

export type OfflineTexts = { lang: string; title: string; body: string; retry: string };

/** The picture on the page; the service worker (public/sw.js) keeps it with the page. */
export const OFFLINE_ICON = '/icons/icon-192.png';

// The look of the other signed-out pages (components/shell/auth-card.tsx with app/globals.css):
// Tailwind's zinc and the brand colours, light or dark as the browser prefers. Inline, because
// offline nothing else can be loaded: the app's stylesheet is not kept.
const STYLE = `:root{color-scheme:light;--bg:oklch(98.5% 0 0);--fg:oklch(21% .006 285.885);--muted:oklch(44.2% .017 285.786);--card:#fff;--line:oklch(92% .004 286.32);--brand:oklch(.45 .19 265);--button:oklch(.51 .2 265);--button-hover:oklch(.45 .19 265);--ring:oklch(.58 .19 265)}
@media (prefers-color-scheme:dark){:root{color-scheme:dark;--bg:oklch(14.1% .005 285.823);--fg:oklch(96.7% .001 286.375);--muted:oklch(70.5% .015 286.067);--card:oklch(21% .006 285.885);--line:oklch(27.4% .006 286.033);--brand:oklch(.93 .04 265)}}
*{box-sizing:border-box}
body{margin:0;min-height:100dvh;background:var(--bg);color:var(--fg);font-family:ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;line-height:1.5;-webkit-font-smoothing:antialiased}
main{display:flex;min-height:100dvh;align-items:center;justify-content:center;padding:2.5rem 1rem}
.frame{width:100%;max-width:28rem}
.brand{display:flex;margin:0 0 1.5rem;align-items:center;justify-content:center;gap:.5rem;font-size:1.125rem;line-height:1.75rem;font-weight:600;letter-spacing:-.025em;color:var(--brand)}
.brand img{width:2rem;height:2rem}
.card{border:1px solid var(--line);border-radius:.5rem;background:var(--card);padding:1.5rem;box-shadow:0 1px 3px 0 rgb(0 0 0/.1),0 1px 2px -1px rgb(0 0 0/.1)}
h1{margin:0;font-size:1.25rem;line-height:1.75rem;font-weight:600}
p{margin:.25rem 0 0;font-size:.875rem;line-height:1.25rem;color:var(--muted)}
a{display:flex;min-height:2.5rem;margin-top:1.5rem;align-items:center;justify-content:center;border-radius:.375rem;padding:.5rem 1rem;background:var(--button);color:#fff;font-size:.875rem;line-height:1.25rem;font-weight:500;text-decoration:none}
a:hover{background:var(--button-hover)}
a:focus-visible{outline:2px solid var(--ring);outline-offset:2px}`;

/**
 * "You are offline": a self-contained page (no scripts, no stylesheet, no database) that the
 * service worker keeps and shows when a page cannot be reached. It is shown at the address that
 * failed, so "Try again" (an empty link: this same address) loads that page again.
 */
export function offlinePage(texts: OfflineTexts): string {
  return `<!doctype html>
<html lang="${escapeHtml(texts.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(texts.title)} · Roster</title>
<link rel="icon" href="${OFFLINE_ICON}" type="image/png">
<style>${STYLE}</style>
</head>
<body>
<main id="content">
<div class="frame">
<p class="brand"><img src="${OFFLINE_ICON}" alt="" width="32" height="32">Roster</p>
<div class="card">
<h1>${escapeHtml(texts.title)}</h1>
<p>${escapeHtml(texts.body)}</p>
<a href="">${escapeHtml(texts.retry)}</a>
</div>
</div>
</main>
</body>
</html>
`;
}
