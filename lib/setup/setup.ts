import 'server-only';

import { sql } from 'drizzle-orm';

import type { Db } from '@/db';
import { instance, organizations, users } from '@/db/schema';

import { audit } from '../audit/log';
import { normalizeEmail } from '../auth/email';
import { hashPassword } from '../auth/password-hash';
import type { RequestMeta } from '../http/request-meta';

/**
 * Databases seen set up. Setup happens once and is never undone, so after the first "yes" the
 * signed-out pages that ask (sign-in, the home page) render without the database.
 */
const setUp = new WeakSet<Db>();

export async function isSetupDone(db: Db): Promise<boolean> {
  if (setUp.has(db)) return true;
  const found = await db.select({ id: instance.id }).from(instance).limit(1);
  if (found.length > 0) setUp.add(db);
  return found.length > 0;
}

export type SetupInput = { orgName: string; firstName: string; lastName: string; email: string; password: string };

/**
 * Creates the first organization and its owner. The singleton `instance` row is claimed in the
 * same transaction, so of two simultaneous setups exactly one commits; the other gets null.
 */
export async function runSetup(
  db: Db,
  input: SetupInput,
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ orgId: string; userId: string } | null> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const claimed = await tx.insert(instance).values({ id: 1 }).onConflictDoNothing().returning({ id: instance.id });
    if (claimed.length === 0) return null;
    const [org] = await tx.insert(organizations).values({ name: input.orgName }).returning({ id: organizations.id });
    const [owner] = await tx
      .insert(users)
      .values({
        orgId: org.id,
        email: normalizeEmail(input.email),
        passwordHash,
        passwordChangedAt: sql`now()`,
        role: 'owner',
        status: 'active',
        firstName: input.firstName,
        lastName: input.lastName,
      })
      .returning({ id: users.id });
    await audit(tx, {
      orgId: org.id,
      actorUserId: owner.id,
      action: 'org.created',
      targetType: 'organization',
      targetId: org.id,
      data: { name: input.orgName, via: 'setup' },
      meta,
    });
    return { orgId: org.id, userId: owner.id };
  });
}
