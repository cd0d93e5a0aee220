/**
 * Browsers ask for /favicon.ico on their own (error pages, bookmarks) whatever the page links;
 * the answer is the app's icon rather than a 404 in every console.
 */
export function GET(): Response {
  return new Response(null, {
    status: 308,
    headers: { location: '/icon.svg', 'cache-control': 'public, max-age=86400' },
  });
}
