import 'server-only';

import type { Locale } from './config';
import { messagesFor, type Messages } from './messages';

/**
 * The namespaces the browser needs, by area. Every page carries its catalog in the React payload,
 * so sending all of it everywhere would make each page several times heavier than its content:
 * the signed-out pages get the small public set, the settings areas theirs on top.
 * `lib/i18n/client-messages.test.ts` checks that every key a client component or a shared form
 * schema can ask for is in its area's set.
 */
export const CLIENT_NAMESPACES = {
  public: [
    'common',
    'menu',
    'errors',
    'passwordRules',
    'setup',
    'signIn',
    'mfa',
    'forgot',
    'reset',
    'invite',
    'confirmEmail',
    'errorPage',
    'notFound',
  ],
  account: ['sections', 'roles', 'profile', 'photo', 'availability', 'general', 'regional', 'devices', 'security'],
  org: [
    'orgSections',
    'roles',
    'photo',
    'groups',
    'invites',
    'orgUsers',
    'orgRoles',
    'orgSecurity',
    'orgNotifications',
    'auditLog',
  ],
} as const;

export type ClientArea = keyof typeof CLIENT_NAMESPACES;

export function namespacesFor(area: ClientArea): readonly string[] {
  return area === 'public' ? CLIENT_NAMESPACES.public : [...CLIENT_NAMESPACES.public, ...CLIENT_NAMESPACES[area]];
}

const cache = new Map<string, Messages>();

export function clientMessagesFor(locale: Locale, area: ClientArea): Messages {
  const key = `${locale}:${area}`;
  const all = messagesFor(locale);
  const cached = cache.get(key);
  if (cached && process.env.NODE_ENV === 'production') return cached;
  const picked: Messages = {};
  for (const ns of namespacesFor(area)) if (ns in all) picked[ns] = all[ns];
  cache.set(key, picked);
  return picked;
}
