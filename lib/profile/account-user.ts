import type { users } from '@/db/schema';

import type { LiveSession } from '../auth/session-store';
import type { RequestMeta } from '../http/request-meta';

/**
 * Who acts on their own account: the signed-in user's row as the session loaded it (it carries
 * `orgId`). Domain functions of the account settings take it as their actor and write to this
 * row only, never to one named by a form.
 */
export type AccountUser = typeof users.$inferSelect;

/** What the audit row keeps of the request. */
export type AuditMeta = Pick<RequestMeta, 'ip' | 'userAgent'>;

/**
 * The security settings also need the session the user acts through (to keep it, to reveal
 * backup codes to it alone, to know when the password was last confirmed in it) and the
 * organization (its name and whether it requires two-factor authentication).
 */
export type AccountSession = Pick<LiveSession, 'user' | 'org' | 'session'>;
