import 'server-only';

import { eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { organizations } from '@/db/schema';

import type { RequestMeta } from '../http/request-meta';
import { signIn } from './auth';
import { createSession } from './session-store';

/** A fresh session row (a new id at every sign-in) and the cookie that points at it. */
export async function startSession(
  db: Db,
  input: { userId: string; orgId: string; mfaPending: boolean; meta: RequestMeta },
): Promise<string> {
  const [org] = await db
    .select({ absoluteHours: organizations.sessionAbsoluteHours })
    .from(organizations)
    .where(eq(organizations.id, input.orgId));
  const sessionId = await createSession(db, {
    userId: input.userId,
    orgId: input.orgId,
    absoluteHours: org?.absoluteHours ?? 12,
    mfaPending: input.mfaPending,
    ip: input.meta.ip,
    userAgent: input.meta.userAgent,
  });
  await signIn('credentials', { sessionId, redirect: false });
  return sessionId;
}
