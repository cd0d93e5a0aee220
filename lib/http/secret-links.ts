/**
 * Pages whose last path segment is a one-time secret: whoever holds such a link acts as the
 * person it was mailed to (accepts their invitation, chooses their password). The one list for
 * every place that must keep these links to their recipient: the mailbox, the logs, the
 * Referrer-Policy. A new page of this kind is added here and nowhere else.
 */
export const SECRET_PATH_PREFIXES = ['/invite/', '/reset-password/', '/confirm-email/', '/approve/'] as const;

export function isSecretPath(pathname: string): boolean {
  return SECRET_PATH_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The secret runs to the first character that ends a path segment or a link in running text.
const SECRET_LINK = new RegExp(`(${SECRET_PATH_PREFIXES.map(escapeRegExp).join('|')})[^\\s/?#<>"'()[\\]]+`, 'g');

/** `text` with the secret of every secret link (full URL or bare path) replaced. */
export function hideSecretLinks(text: string, replacement = '[hidden]'): string {
  return text.replace(SECRET_LINK, (_, prefix: string) => `${prefix}${replacement}`);
}
