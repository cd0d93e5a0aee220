export type AwayPhase = 'none' | 'upcoming' | 'current' | 'past';

/** Where `now` stands relative to the stored away period [from, until). */
export function awayPhase(awayFrom: Date | null, awayUntil: Date | null, now: Date): AwayPhase {
  if (!awayFrom || !awayUntil) return 'none';
  if (now.getTime() < awayFrom.getTime()) return 'upcoming';
  if (now.getTime() < awayUntil.getTime()) return 'current';
  return 'past';
}
