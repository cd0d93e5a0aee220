/**
 * The shape of the message catalogs, from the English files (every language has the same keys;
 * the catalog test checks it). use-intl reads it, so `t('a.b')` with an unknown key fails to compile.
 */
import type { MessageKeys, NestedKeyOf } from 'use-intl/core';

import type base from '@/messages/en.json';
import type activity from '@/messages/en/activity.json';
import type approvals from '@/messages/en/approvals.json';
import type auditLog from '@/messages/en/auditLog.json';
import type availability from '@/messages/en/availability.json';
import type connections from '@/messages/en/connections.json';
import type dataExport from '@/messages/en/dataExport.json';
import type devices from '@/messages/en/devices.json';
import type general from '@/messages/en/general.json';
import type groups from '@/messages/en/groups.json';
import type installApp from '@/messages/en/installApp.json';
import type invites from '@/messages/en/invites.json';
import type keys from '@/messages/en/keys.json';
import type mail from '@/messages/en/mail.json';
import type mailbox from '@/messages/en/mailbox.json';
import type notifications from '@/messages/en/notifications.json';
import type orgEmail from '@/messages/en/orgEmail.json';
import type orgNotifications from '@/messages/en/orgNotifications.json';
import type orgRoles from '@/messages/en/orgRoles.json';
import type orgSecurity from '@/messages/en/orgSecurity.json';
import type orgUsers from '@/messages/en/orgUsers.json';
import type passkeys from '@/messages/en/passkeys.json';
import type photo from '@/messages/en/photo.json';
import type profile from '@/messages/en/profile.json';
import type push from '@/messages/en/push.json';
import type regional from '@/messages/en/regional.json';
import type tasks from '@/messages/en/tasks.json';
import type tokens from '@/messages/en/tokens.json';
import type userMailbox from '@/messages/en/userMailbox.json';
import type usersImport from '@/messages/en/usersImport.json';

import type { Locale } from './config';

export type Catalog = typeof base &
  typeof activity &
  typeof approvals &
  typeof auditLog &
  typeof availability &
  typeof connections &
  typeof dataExport &
  typeof devices &
  typeof general &
  typeof groups &
  typeof installApp &
  typeof invites &
  typeof keys &
  typeof mail &
  typeof mailbox &
  typeof notifications &
  typeof orgEmail &
  typeof orgNotifications &
  typeof orgRoles &
  typeof orgSecurity &
  typeof orgUsers &
  typeof passkeys &
  typeof photo &
  typeof profile &
  typeof push &
  typeof regional &
  typeof tasks &
  typeof tokens &
  typeof userMailbox &
  typeof usersImport;

declare module 'use-intl' {
  interface AppConfig {
    Messages: Catalog;
    Locale: Locale;
  }
}

/** Every key that names a message (not a group of messages). */
export type MessageKey = MessageKeys<Catalog, NestedKeyOf<Catalog>>;
