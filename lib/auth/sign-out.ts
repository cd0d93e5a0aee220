import { getDb, type Db } from '@/db';

import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import { signOut } from './auth';
import { getSessionIfReachable, type CurrentUser } from './current';
import { deleteSession } from './session-store';

/** Ends one session on the server: its row goes (every instance sees it at once), and it is audited. */
export async function endSession(db: Db, current: CurrentUser, meta: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, current.session.id);
    await audit(tx, {
      orgId: current.org.id,
      actorUserId: current.user.id,
      action: 'auth.sign_out',
      targetType: 'session',
      meta,
    });
  });
}

/**
 * "Sign out" as the browser asks for it: the session's row goes when the database answers, and
 * the cookie goes whatever happens. With the database out of reach (since start-up too) nobody
 * can be signed in on this browser anyway, so signing out still works and never answers 503.
 */
export async function signOutThisBrowser(meta: RequestMeta): Promise<void> {
  const current = await getSessionIfReachable();
  if (current) await endSession(await getDb(), current, meta);
  await signOut({ redirect: false });
}
