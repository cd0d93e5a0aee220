import 'server-only';

import type { Locale } from './config';
import { messagesFor, type Messages } from './messages';

/**
 * The namespaces the browser needs. Every page carries its client messages in the React payload
 * on every request, so each part of the app sends only what its client components (and the form
 * schemas they validate with) can ask for: the shell's namespaces everywhere (root layout: the
 * error page), and a section's own on top, from the section's `layout.tsx`
 * (`<ClientMessages scope="…">`).
 * `lib/i18n/client-messages.test.ts` checks every key a client component or a shared form schema
 * can ask for against the scope it is rendered in.
 */
export const SHELL_NAMESPACES = ['errorPage'] as const;

export const CLIENT_SCOPES = {
  shell: [],
  /** The time-zone prompt on the profile page, while the user has no zone. */
  account: ['regional'],
  setup: ['errors', 'common', 'setup', 'passwordRules'],
  signIn: ['errors', 'signIn', 'mfa', 'passkeys'],
  forgot: ['errors', 'forgot'],
  reset: ['errors', 'common', 'reset', 'passwordRules'],
  invite: ['errors', 'common', 'invite', 'passwordRules'],
  confirmEmail: ['confirmEmail'],
  profile: ['errors', 'profile', 'photo'],
  availability: ['errors', 'availability'],
  approvals: ['errors', 'approvals'],
  general: ['errors', 'general'],
  /** The form's schema checks switch names against the event catalogue, which names orgNotifications keys. */
  notifications: ['errors', 'notifications', 'orgNotifications'],
  regional: ['errors', 'common', 'regional'],
  devices: ['errors', 'devices', 'installApp'],
  connections: ['errors', 'connections', 'userMailbox'],
  keys: ['errors', 'keys'],
  data: ['errors', 'dataExport'],
  tokens: ['errors', 'tokens'],
  security: ['errors', 'common', 'security', 'passwordRules', 'passkeys'],
  users: ['errors', 'orgUsers', 'roles', 'invites'],
  groups: ['errors', 'groups', 'photo'],
  roles: ['errors', 'orgRoles'],
  invitePolicy: ['errors', 'invites'],
  orgSecurity: ['errors', 'orgSecurity'],
  orgNotifications: ['errors', 'orgNotifications'],
  orgEmail: ['errors', 'orgEmail'],
} as const satisfies Record<string, readonly string[]>;

export type ClientScope = keyof typeof CLIENT_SCOPES;

/** A scope's provider replaces the one around it, so it carries the shell's namespaces too. */
export function namespacesFor(scope: ClientScope): readonly string[] {
  return [...SHELL_NAMESPACES, ...CLIENT_SCOPES[scope]];
}

const cache = new Map<string, Messages>();

/**
 * The scope's messages. The same objects every time (per language, in production), so React
 * sends a namespace that an outer provider sent already as a reference, not a second copy.
 */
export function clientMessagesFor(locale: Locale, scope: ClientScope): Messages {
  const key = `${locale}:${scope}`;
  const all = messagesFor(locale);
  const cached = cache.get(key);
  if (cached && process.env.NODE_ENV === 'production') return cached;
  const picked: Messages = {};
  for (const ns of namespacesFor(scope)) if (ns in all) picked[ns] = all[ns];
  cache.set(key, picked);
  return picked;
}
