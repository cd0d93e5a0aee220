import 'server-only';

import { eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { organizations } from '@/db/schema';

import { audit } from '../audit/log';
import type { RequestMeta } from '../http/request-meta';
import type { OrgActor } from '../org/actor';

/**
 * The organization's switch "Allow people to send through their own mailbox". Audited as a change
 * of the organization's mail settings ('org.mail_server_saved' with `allowMailboxSending`).
 */
export async function setMailboxSending(
  db: Db,
  actor: OrgActor,
  allow: boolean,
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ allow: organizations.allowMailboxSending })
      .from(organizations)
      .where(eq(organizations.id, actor.orgId))
      .for('update');
    if (!org || org.allow === allow) return { changed: false };
    await tx
      .update(organizations)
      .set({ allowMailboxSending: allow, updatedAt: new Date() })
      .where(eq(organizations.id, actor.orgId));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'org.mail_server_saved',
      targetType: 'organization',
      targetId: actor.orgId,
      data: { allowMailboxSending: allow },
      meta,
    });
    return { changed: true };
  });
}
