import type { Availability, UserStatus } from '@/db/schema/users';

export type AssignableUser = {
  status: UserStatus;
  availability: Availability;
  awayFrom: Date | null;
  awayUntil: Date | null;
};

/**
 * Whether `at` falls inside the away period, taken as the half-open interval [awayFrom, awayUntil):
 * the user is away from the first instant and back at the last. The settings form always stores
 * both ends; should a row carry only one, the open side is treated as unbounded, so a lone
 * `awayFrom` means "away from then on" and a lone `awayUntil` "away until then".
 */
export function isAwayAt(user: Pick<AssignableUser, 'awayFrom' | 'awayUntil'>, at: Date): boolean {
  const { awayFrom, awayUntil } = user;
  if (!awayFrom && !awayUntil) return false;
  const time = at.getTime();
  const started = !awayFrom || awayFrom.getTime() <= time;
  const notEnded = !awayUntil || time < awayUntil.getTime();
  return started && notEnded;
}

/**
 * May automated work (ticket routing, approvals) be given to this user at `at`?
 *
 * Yes iff the account is active, the status is not 'unavailable', and `at` is outside the away
 * period. 'offline' does NOT block: it says the person is not at their desk right now, and queued
 * work should still reach them for later, whereas 'unavailable' and an away period are explicit
 * wishes to receive nothing (approvals then go to the delegate).
 */
export function isAssignable(user: AssignableUser, at: Date): boolean {
  if (user.status !== 'active') return false;
  if (user.availability === 'unavailable') return false;
  return !isAwayAt(user, at);
}
