import type { ManagedRole } from '@/db/schema';

import type { CurrentUser } from '../auth/current';

/**
 * Who is acting on the organization: the signed-in user and their organization, both taken from
 * the session by the entry point (never from a form). Every org domain function receives one.
 */
export type OrgActor = { id: string; orgId: string; orgName: string; role: ManagedRole };

export const actorOf = ({ user, org }: Pick<CurrentUser, 'user' | 'org'>): OrgActor => ({
  id: user.id,
  orgId: org.id,
  orgName: org.name,
  role: user.role,
});
