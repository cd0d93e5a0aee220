import 'server-only';

import type { Locale } from './config';
import { compiledMessagesFor, type Messages } from './messages';

/**
 * The namespaces the browser needs, or a part of one ('regional.prompt'). Every page carries its
 * client messages in the React payload on every request, so each part of the app sends only what
 * its client components (and the form schemas they validate with) can ask for: the shell's
 * namespaces everywhere (root layout: the error page and the not-found answer), and a section's
 * own on top, from the section's `layout.tsx` (`<ClientMessages scope="…">`).
 * `lib/i18n/client-messages.test.ts` checks every key a client component or a shared form schema
 * can ask for against the scope it is rendered in.
 */
export const SHELL_NAMESPACES = ['errorPage', 'notFound'] as const;

/**
 * The error messages the shared field schemas (lib/actions) can give in the browser. The rest of
 * the `errors` namespace (password rules, PIN, rate limits) goes only where a form can show it.
 */
const FIELD_ERRORS = [
  'errors.required',
  'errors.tooLong',
  'errors.invalidValue',
  'errors.controlCharacters',
  'errors.range',
  'errors.date',
  'errors.notFound',
  'errors.emailRequired',
  'errors.emailInvalid',
] as const;
/** A new password and its confirmation. */
const NEW_PASSWORD_ERRORS = ['errors.password', 'errors.passwordsDiffer'] as const;

export const CLIENT_SCOPES = {
  shell: [],
  /** The time-zone prompt on the profile page, while the user has no zone. */
  account: ['regional.prompt'],
  setup: [...FIELD_ERRORS, 'common', 'setup', 'passwordRules', ...NEW_PASSWORD_ERRORS],
  /** Its forms are checked by the server alone (components/forms/use-server-form.ts). */
  signIn: ['signIn', 'mfa', 'passkeys'],
  forgot: ['forgot'],
  reset: [...FIELD_ERRORS, 'common', 'reset', 'passwordRules', ...NEW_PASSWORD_ERRORS],
  invite: [...FIELD_ERRORS, 'common', 'invite', 'passwordRules', ...NEW_PASSWORD_ERRORS],
  confirmEmail: ['confirmEmail'],
  profile: [...FIELD_ERRORS, 'profile'],
  /** The photo editor under the profile page. */
  profilePhoto: [...FIELD_ERRORS, 'photo'],
  availability: [...FIELD_ERRORS, 'availability'],
  approvals: [...FIELD_ERRORS, 'approvals'],
  general: [...FIELD_ERRORS, 'general'],
  /** The form's schema checks switch names against the event catalogue, which names orgNotifications keys. */
  notifications: [...FIELD_ERRORS, 'notifications', 'orgNotifications'],
  regional: [...FIELD_ERRORS, 'common', 'regional'],
  devices: [...FIELD_ERRORS, 'devices', 'installApp'],
  connections: [...FIELD_ERRORS, 'connections', 'userMailbox'],
  keys: [...FIELD_ERRORS, 'keys'],
  data: [...FIELD_ERRORS, 'dataExport'],
  tokens: [...FIELD_ERRORS, 'tokens'],
  security: [
    ...FIELD_ERRORS,
    'common',
    'security',
    'passwordRules',
    'passkeys',
    ...NEW_PASSWORD_ERRORS,
    'errors.passwordTooLong',
    'errors.currentPasswordRequired',
    'errors.pin',
  ],
  users: [...FIELD_ERRORS, 'orgUsers', 'roles', 'invites', 'errors.emailLookalikeAt'],
  groups: [...FIELD_ERRORS, 'groups', 'photo'],
  roles: [...FIELD_ERRORS, 'orgRoles'],
  invitePolicy: [...FIELD_ERRORS, 'invites'],
  orgSecurity: [...FIELD_ERRORS, 'orgSecurity'],
  orgNotifications: [...FIELD_ERRORS, 'orgNotifications'],
  orgEmail: [...FIELD_ERRORS, 'orgEmail'],
} as const satisfies Record<string, readonly string[]>;

export type ClientScope = keyof typeof CLIENT_SCOPES;

/** A scope's provider replaces the one around it, so it carries the shell's namespaces too. */
export function namespacesFor(scope: ClientScope): readonly string[] {
  return [...SHELL_NAMESPACES, ...CLIENT_SCOPES[scope]];
}

/** Copies the part of `from` at `path` (a namespace, or a part of one: 'regional.prompt') into `into`. */
function pick(into: Messages, from: Messages, [head, ...rest]: string[]): void {
  if (!(head in from)) return;
  if (!rest.length) {
    into[head] = from[head];
    return;
  }
  const child = from[head];
  // Not a namespace, or copied whole already (never write into the catalog's own objects).
  if (!child || typeof child !== 'object' || into[head] === child) return;
  const target = (into[head] ??= {}) as Messages;
  pick(target, child as Messages, rest);
}

const cache = new Map<string, Messages>();

/**
 * The scope's messages. The same objects every time (per language, in production), so React
 * sends a namespace that an outer provider sent already as a reference, not a second copy.
 */
export function clientMessagesFor(locale: Locale, scope: ClientScope): Messages {
  const key = `${locale}:${scope}`;
  const all = compiledMessagesFor(locale);
  const cached = cache.get(key);
  if (cached && process.env.NODE_ENV === 'production') return cached;
  const picked: Messages = {};
  for (const ns of namespacesFor(scope)) pick(picked, all, ns.split('.'));
  cache.set(key, picked);
  return picked;
}
