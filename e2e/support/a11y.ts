import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * axe-core on every page the suite opens: each document that finishes loading is checked once
 * per spec, path and colour scheme, and a serious or critical violation fails the test that
 * opened it. axe needs timers, which do not run in a page with JavaScript turned off, so in that
 * mode the document's HTML (without its scripts) is checked in a page of its own that has them.
 */

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING = new Set(['serious', 'critical']);
const CHECK_TIMEOUT_MS = 30_000;

type Finding = { id: string; impact: string | null; help: string; targets: string[] };
type AxeResult = {
  violations: Array<{
    id: string;
    impact: string | null;
    help: string;
    nodes: Array<{ target: unknown[]; any: Array<{ message: string }> }>;
  }>;
};

/** What the document in `page` fails, in words a reader can act on (serious and critical only). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const findings = await page.evaluate(async (tags): Promise<Finding[]> => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResult> } }).axe;
    const { violations } = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}${n.any[0] ? ` [${n.any[0].message}]` : ''}`),
    }));
  }, TAGS);
  return findings
    .filter((f) => f.impact && FAILING.has(f.impact))
    .map((f) => `${f.impact} ${f.id} (${f.help}): ${f.targets.join(', ')}`);
}

/** The document of a page without JavaScript, as a page with JavaScript sees it: scripts removed, links resolved. */
function documentWithoutScripts(html: string, url: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace(
    /<head([^>]*)>/i,
    // Styles arrive after the first paint here: no transition may catch a colour half-way.
    `<head$1><base href="${url}"><style>*,*::before,*::after{transition:none!important;animation:none!important}</style>`,
  );
}

async function violationsWithoutScripts(html: string, checker: Page, dark: boolean): Promise<string[]> {
  await checker.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  // A stylesheet that failed to arrive (a busy server) would leave text in the browser's default
  // black over colours set inline, and fail contrast for a reason that is not the page's: load it
  // again before judging.
  for (let attempt = 1; ; attempt++) {
    await checker.setContent(html, { waitUntil: 'load' });
    const styled = await checker.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].every((link) => link.sheet !== null),
    );
    if (styled || attempt === 3) break;
  }
  return axeViolations(checker);
}

const checked = new Set<string>();

// The checker page holds one document at a time: a second check that replaced it half-way would
// judge a document whose stylesheets have not arrived yet. Checks on it take turns.
const turns = new WeakMap<Page, Promise<unknown>>();

function inTurn<T>(checker: Page, work: () => Promise<T>): Promise<T> {
  const previous = turns.get(checker) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(work);
  turns.set(checker, mine);
  return mine;
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error('accessibility check timed out')), CHECK_TIMEOUT_MS),
    ),
  ]);
}

/**
 * Checks each document `page` loads, adding what fails to `problems`. `checker` (JavaScript off
 * only) hands out the page that runs axe on the document's HTML. Returns the checks under way,
 * so the test's end can wait for them.
 */
export function checkEveryLoad(
  page: Page,
  problems: string[],
  checker?: () => Promise<Page>,
  ownOrigin?: string,
): Promise<void>[] {
  const running: Promise<void>[] = [];
  page.on('load', () => {
    const url = new URL(page.url());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    // Another site's page on the way (the OpenID provider's sign-in) is not ours to check.
    if (ownOrigin && url.origin !== ownOrigin) return;
    running.push(
      (async () => {
        // One look at the document that loaded: the page may already be on its way to the next
        // one, whose first, empty document must not be judged in its place.
        const seen = await page
          .evaluate(
            (withHtml) => ({
              href: location.href,
              complete: document.readyState === 'complete',
              // Next's bare error document: a page that calls notFound() is answered with it, its
              // content only in the script payload (vercel/next.js#98954), so without JavaScript
              // it is blank. Not the app's markup: left out here, and named in the README.
              nextError: document.documentElement.id === '__next_error__',
              dark: getComputedStyle(document.documentElement).colorScheme.includes('dark'),
              html: withHtml ? `<!DOCTYPE html>${document.documentElement.outerHTML}` : '',
            }),
            Boolean(checker),
          )
          .catch(() => null);
        if (!seen || seen.href !== url.href || !seen.complete || seen.nextError) return;
        const { dark } = seen;
        const key = `${url.pathname}|${dark ? 'dark' : 'light'}`;
        if (checked.has(key)) return;
        checked.add(key);
        try {
          let found: string[];
          if (checker) {
            // The document's HTML was taken above, before the page moved on; axe runs in its turn.
            const html = documentWithoutScripts(seen.html, url.href);
            const checkerPage = await checker();
            found = await inTurn(checkerPage, () => withTimeout(violationsWithoutScripts(html, checkerPage, dark)));
          } else {
            found = await withTimeout(axeViolations(page));
          }
          for (const f of found) problems.push(`axe on ${url.pathname}${dark ? ' (dark)' : ''}: ${f}`);
        } catch {
          // The page moved on before the check ended (a redirect, a click): its next load is checked.
          checked.delete(key);
        }
      })(),
    );
  });
  return running;
}
