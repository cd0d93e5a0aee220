/**
 * What an organization's two-factor requirement asks of one person right now. Every gate (pages,
 * actions, routes, mail sent on the user's behalf) and every reminder asks this one function, so
 * the banner's deadline and the moment the gate closes can never disagree.
 */

export const MFA_GRACE_DAYS = [0, 1, 3, 7] as const;
export type MfaGraceDays = (typeof MFA_GRACE_DAYS)[number];
export const DEFAULT_MFA_GRACE_DAYS: MfaGraceDays = 3;

export type MfaRequirement =
  /** Nothing asked: the organization does not require it, or the person has it. */
  | { kind: 'none' }
  /** Required from `deadline`; until then a reminder, and work goes on. */
  | { kind: 'grace'; deadline: Date }
  /** Required now: the person sets it up before anything else. */
  | { kind: 'enforced' };

type Org = { requireMfa: boolean; mfaRequiredFrom: Date | null };
type Person = { mfaEnabled: boolean };

export function mfaRequirement(org: Org, user: Person, now: Date = new Date()): MfaRequirement {
  if (!org.requireMfa || user.mfaEnabled) return { kind: 'none' };
  if (org.mfaRequiredFrom && org.mfaRequiredFrom.getTime() > now.getTime()) {
    return { kind: 'grace', deadline: org.mfaRequiredFrom };
  }
  return { kind: 'enforced' };
}

/**
 * The person as the requirement sees them in one session: a sign-in with a passkey that verified
 * the user counts as two factors, so it meets the requirement like an authenticator app does.
 */
export const inSession = (current: { user: Person; session: { passkeyVerified: boolean } }): Person => ({
  mfaEnabled: current.user.mfaEnabled || current.session.passkeyVerified,
});

/** True when the person must set two-factor up before using anything else. */
export const mfaSetupEnforced = (org: Org, user: Person, now?: Date) =>
  mfaRequirement(org, user, now).kind === 'enforced';

/** The end of a grace period that starts at `now`; null when it ends at once. */
export function mfaDeadline(graceDays: MfaGraceDays, now: Date = new Date()): Date | null {
  return graceDays === 0 ? null : new Date(now.getTime() + graceDays * 86_400_000);
}
