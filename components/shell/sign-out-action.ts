'use server';

import { redirect } from 'next/navigation';

import { getDb } from '@/db';
import { audit } from '@/lib/audit/log';
import { signOut } from '@/lib/auth/auth';
import { getCurrentSession } from '@/lib/auth/current';
import { deleteSession } from '@/lib/auth/session-store';
import { getRequestMeta } from '@/lib/http/request-meta';

/** Ends this session on the server (the row) and in the browser (the cookie). */
export async function signOutAction(): Promise<void> {
  const current = await getCurrentSession();
  if (current) {
    const db = await getDb();
    const meta = await getRequestMeta();
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
  await signOut({ redirect: false });
  redirect('/sign-in?notice=signed-out');
}
