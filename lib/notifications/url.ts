// Pure and client-safe: the activity page shows links with it, and delivery checks a link before storing it.

/** Longer than any link the app or an application sends; a huge one is refused rather than shown. */
export const MAX_NOTIFICATION_URL_LENGTH = 2000;

// Browsers drop tabs and newlines inside a URL and trim spaces around it, so "/\t/evil" opens
// //evil; any whitespace or control character at all is refused instead of cleaned.
const UNSAFE_CHARACTER = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/;

/**
 * The link of a notification when it is safe to open from the app: a path of this site (one
 * leading `/`, never `//` or a backslash, which browsers read as another host) or an absolute
 * `https:` address; anything else (`javascript:`, `data:`, `http:`, a relative path) is null.
 */
export function safeNotificationUrl(url: string | null | undefined, appUrl: string): string | null {
  if (typeof url !== 'string' || url === '' || url.length > MAX_NOTIFICATION_URL_LENGTH) return null;
  if (UNSAFE_CHARACTER.test(url) || url.includes('\\')) return null;
  let app: URL;
  try {
    app = new URL(appUrl);
  } catch {
    return null;
  }
  if (url.startsWith('/')) {
    if (url.startsWith('//')) return null;
    try {
      // What the browser would open from a page of the app: still the app.
      return new URL(url, app).origin === app.origin ? url : null;
    } catch {
      return null;
    }
  }
  // Spelled out in full: "https:/host" or "https:host" parse too, but only by being repaired.
  if (!/^https:\/\/[^/]/i.test(url)) return null;
  let absolute: URL;
  try {
    absolute = new URL(url);
  } catch {
    return null;
  }
  // Credentials in a link only serve to make "https://app@evil" look like the app.
  if (absolute.protocol !== 'https:' || absolute.username || absolute.password || !absolute.hostname) return null;
  return url;
}
