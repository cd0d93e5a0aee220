// Pure and client-safe: the header's bell shows it, rendered on the server and refreshed in the browser.

/** The count is read up to this many rows: enough to say "99+", never a count of thousands. */
export const UNREAD_COUNT_CAP = 100;

/** The bell's badge: the number, or "99+" beyond 99; null when nothing is unread. */
export function unreadBadge(count: number): string | null {
  if (!Number.isFinite(count) || count <= 0) return null;
  return count > 99 ? '99+' : String(Math.floor(count));
}
