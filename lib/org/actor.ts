import type { ManagedRole } from '@/db/schema';

/**
 * Who is acting on the organization: the signed-in user and their organization, both taken from
 * the session (or, for the API, from the token's owner) by the entry point, never from a form.
 * Every org domain function receives one; what else it needs of the person (their language, their
 * status now) it reads itself, inside its transaction.
 */
export type OrgActor = { id: string; orgId: string; orgName: string; role: ManagedRole };

export const actorOf = ({
  user,
  org,
}: {
  user: { id: string; role: ManagedRole };
  org: { id: string; name: string };
}): OrgActor => ({
  id: user.id,
  orgId: org.id,
  orgName: org.name,
  role: user.role,
});
