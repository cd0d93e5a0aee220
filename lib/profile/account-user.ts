import type { users } from '@/db/schema';

import type { RequestMeta } from '../http/request-meta';

/**
 * Who acts on their own account: the signed-in user's row as the session loaded it (it carries
 * `orgId`). Domain functions of the account settings take it as their actor and write to this
 * row only, never to one named by a form.
 */
export type AccountUser = typeof users.$inferSelect;

/** What the audit row keeps of the request. */
export type AuditMeta = Pick<RequestMeta, 'ip' | 'userAgent'>;
