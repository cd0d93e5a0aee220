import 'server-only';

import { config } from '../config';

/**
 * The hosts a notification sent through the API may link to: this app's own, and those listed in
 * `NOTIFICATION_URL_HOSTS` (comma-separated: the suite's other applications). A token cannot send
 * people a link to any other site, which would make Roster's notifications a phishing channel.
 */
export function notificationLinkHosts(env: Record<string, string | undefined> = process.env): Set<string> {
  const hosts = (env.NOTIFICATION_URL_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  return new Set([new URL(config.appUrl).host.toLowerCase(), ...hosts]);
}

/**
 * The link as stored, or null when refused: a path on this app (`/tasks/42`, never `//host` or a
 * backslash; an absolute address of this app becomes its path), or an https URL on an allowed host.
 */
export function acceptedNotificationUrl(
  value: string,
  env: Record<string, string | undefined> = process.env,
): string | null {
  if (/[\u0000-\u0020\u007f\\]/.test(value)) return null;
  if (value.startsWith('/')) return value.startsWith('//') ? null : value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const own = new URL(config.appUrl);
  const sameOrigin = url.origin === own.origin;
  if (url.username || url.password) return null;
  // This app's own address is kept as a path: the app shows it as a link whatever its scheme.
  if (sameOrigin) return `${url.pathname}${url.search}${url.hash}`;
  if (url.protocol !== 'https:') return null;
  return notificationLinkHosts(env).has(url.host.toLowerCase()) ? url.toString() : null;
}
