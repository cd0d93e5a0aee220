import { eq } from 'drizzle-orm';

import { getDb } from '@/db';
import { organizations, roleAssignments, roles, users, type ManagedRole } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';

export const STRONG_PASSWORD = 'Str0ng!Passw0rd-x';

/** An organization with one user of the given role; returns ids and the plain password. */
export async function createOrgWithUser(input: {
  orgName?: string;
  email: string;
  role?: ManagedRole;
  password?: string;
}) {
  const db = await getDb();
  const [org] = await db
    .insert(organizations)
    .values({ name: input.orgName ?? 'Fixture Org' })
    .returning();
  const user = await addUser(org.id, { email: input.email, role: input.role ?? 'owner', password: input.password });
  return { org, user, password: input.password ?? STRONG_PASSWORD };
}

export async function addUser(
  orgId: string,
  input: { email: string; role?: ManagedRole; password?: string; firstName?: string },
) {
  const db = await getDb();
  const [user] = await db
    .insert(users)
    .values({
      orgId,
      email: input.email,
      role: input.role ?? 'member',
      passwordHash: await hashPassword(input.password ?? STRONG_PASSWORD),
      firstName: input.firstName ?? 'Test',
      lastName: 'User',
    })
    .returning();
  return user;
}

export async function getUser(id: string) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/**
 * Acme with its staff for the org-settings tests: an owner, an admin, a plain member and Rita,
 * a member who may read the users list through the custom role "Directory" (users.read).
 */
export async function createAcmeStaff() {
  const db = await getDb();
  const { org, user: owner } = await createOrgWithUser({ orgName: 'Acme', email: 'owner@acme.test', role: 'owner' });
  const admin = await addUser(org.id, { email: 'admin@acme.test', role: 'admin', firstName: 'Adam' });
  const member = await addUser(org.id, { email: 'member@acme.test', firstName: 'Mia' });
  const reader = await addUser(org.id, { email: 'reader@acme.test', firstName: 'Rita' });
  const [directory] = await db
    .insert(roles)
    .values({ orgId: org.id, name: 'Directory', permissions: ['users.read'] })
    .returning();
  await db.insert(roleAssignments).values({ orgId: org.id, roleId: directory.id, userId: reader.id });
  return {
    orgId: org.id,
    ids: { owner: owner.id, admin: admin.id, member: member.id, reader: reader.id },
    directoryRoleId: directory.id,
  };
}
