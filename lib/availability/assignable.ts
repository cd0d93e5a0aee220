import { sql, type Placeholder, type SQL } from 'drizzle-orm';

import { users, type Availability, type UserStatus } from '@/db/schema/users';

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

/** Why a person does or does not receive queue calls and automatically assigned work right now. */
export type AssignableReason = 'assignable' | 'inactive' | 'offline' | 'unavailable' | 'away';

/**
 * The one rule, as the product guides state it: only "Online" receives queue calls and automated
 * assignments; "Offline" and "Unavailable" both take a person out, and so does an away period
 * or an account that is not active. The availability page explains it with this, and the API
 * answers with it.
 */
export function assignableReason(user: AssignableUser, at: Date): AssignableReason {
  if (user.status !== 'active') return 'inactive';
  if (isAwayAt(user, at)) return 'away';
  if (user.availability === 'unavailable') return 'unavailable';
  if (user.availability === 'offline') return 'offline';
  return 'assignable';
}

/** May automated work (queue calls, ticket routing, approvals) be given to this user at `at`? */
export function isAssignable(user: AssignableUser, at: Date): boolean {
  return assignableReason(user, at) === 'assignable';
}

/**
 * `isAssignable` as an SQL condition on `users`, for lists evaluated in the database (the API's
 * `available=true`): active, Online, and not inside an away period at `at` (the same half-open
 * interval as `isAwayAt`); `at` may be a placeholder of a prepared statement. Its first two terms are the predicate of `users_org_online_idx`.
 */
export function assignableAtSql(at: Date | Placeholder): SQL {
  const time = sql`${at instanceof Date ? at.toISOString() : at}::timestamptz`;
  return sql`(${users.status} = 'active' and ${users.availability} = 'online' and not (
    (${users.awayFrom} is not null or ${users.awayUntil} is not null)
    and (${users.awayFrom} is null or ${users.awayFrom} <= ${time})
    and (${users.awayUntil} is null or ${time} < ${users.awayUntil})
  ))`;
}
