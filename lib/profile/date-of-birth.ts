export const MIN_AGE_YEARS = 13;
/** Dates of birth must be after this day; anything earlier is a typo. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type BirthDateProblem = 'invalid' | 'tooEarly' | 'future' | 'tooYoung';

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The latest date of birth of someone who is at least MIN_AGE_YEARS old on `today` (UTC). */
export function latestBirthDate(today: Date = new Date()): string {
  const y = today.getUTCFullYear() - MIN_AGE_YEARS;
  // Born on 29 February: the birthday counts as 28 February in other years.
  const day = new Date(Date.UTC(y, today.getUTCMonth(), today.getUTCDate()));
  if (day.getUTCMonth() !== today.getUTCMonth()) day.setUTCDate(0);
  return isoDay(day);
}

/**
 * Why a `YYYY-MM-DD` date of birth is refused, or null when it is fine: a real calendar day,
 * after 1900-01-01, not in the future, and at least 13 years ago. Days compare in UTC, as
 * the date input has no zone; a day's difference at the edges does not matter here.
 */
export function birthDateProblem(value: string, today: Date = new Date()): BirthDateProblem | null {
  const m = ISO_DATE.exec(value);
  if (!m) return 'invalid';
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime()) || isoDay(date) !== value) return 'invalid';
  if (value <= EARLIEST_BIRTH_DATE) return 'tooEarly';
  if (value > isoDay(today)) return 'future';
  if (value > latestBirthDate(today)) return 'tooYoung';
  return null;
}
