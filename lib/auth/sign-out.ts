import type { Db } from '@/db';

import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import type { CurrentUser } from './current';
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
