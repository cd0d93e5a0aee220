/**
 * `<input type="datetime-local">` values carry no zone. They are read and written in the user's
 * own time zone (`users.time_zone`, UTC when unset) with nothing but Intl, so the browser's zone
 * never matters: what the user typed is what they mean wherever their laptop thinks it is.
 */

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function parseWallClock(value: string): WallClock | null {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  // Day 0 of the next month is the last day of this one.
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return { year, month, day, hour, minute, second };
}

/** True for a well-formed, real calendar value such as `2030-01-01T09:00` (seconds optional). */
export function isLocalDateTime(value: string): boolean {
  return parseWallClock(value) !== null;
}

/** A zone Intl knows, or UTC: a stale or mistyped zone must not break the page. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockIn(timeZone: string, date: Date): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(date)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const asUtcMs = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** How far the zone's wall clock is ahead of UTC at that instant, in ms (whole seconds). */
function offsetAt(timeZone: string, instantMs: number): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return asUtcMs(wallClockIn(timeZone, new Date(whole))) - whole;
}

/**
 * The instant a wall-clock value names in `timeZone`, or null when it is not a valid value.
 * Ambiguous times (the repeated hour when clocks go back) resolve to the earlier instant; times
 * skipped when clocks go forward move forward by the gap, as most calendars do.
 */
export function localInputToDate(value: string, timeZone: string | null | undefined): Date | null {
  const wall = parseWallClock(value.trim());
  if (!wall) return null;
  const zone = safeTimeZone(timeZone);
  const guess = asUtcMs(wall);
  // Offsets a day either side bracket any transition near the wanted time.
  const candidates = [
    ...new Set([offsetAt(zone, guess - 86_400_000), offsetAt(zone, guess), offsetAt(zone, guess + 86_400_000)]),
  ]
    .map((offset) => guess - offset)
    .filter((instant) => offsetAt(zone, instant) === guess - instant)
    .sort((a, b) => a - b);
  if (candidates.length) return new Date(candidates[0]);
  // In a gap: read the time with the offset in force before the jump.
  return new Date(guess - offsetAt(zone, guess - 86_400_000));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The value for a datetime-local input showing `date` in `timeZone` (minutes precision). */
export function dateToLocalInput(date: Date, timeZone: string | null | undefined): string {
  const w = wallClockIn(safeTimeZone(timeZone), date);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}
