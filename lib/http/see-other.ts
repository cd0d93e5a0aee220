/**
 * A 303 to a path of this app (never a URL taken from the request), not cached: after a form post
 * the browser follows it with a GET, and a saved link to a moved address lands on its new page.
 * Relative, so it stays on the address the browser used.
 */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
}
