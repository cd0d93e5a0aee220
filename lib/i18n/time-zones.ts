/**
 * The time zones a user can choose: every IANA zone the runtime's ICU knows, plus UTC, each
 * with its offset right now. Pure Intl, so it runs on the server and in tests alike.
 */
export type TimeZoneOption = {
  id: string;
  /** Minutes east of UTC at the moment the list was built (DST included). */
  offsetMinutes: number;
  /** "(UTC+01:00) Europe/Berlin" */
  label: string;
  /** The zone's name in the given language, e.g. "Mitteleuropäische Zeit"; helps searching. */
  name: string;
};

let ids: readonly string[] | null = null;
let idSet: ReadonlySet<string> | null = null;

/** Every selectable zone id. `supportedValuesOf` leaves out UTC, which people do pick. */
export function timeZoneIds(): readonly string[] {
  if (!ids) {
    const list = Intl.supportedValuesOf('timeZone');
    ids = list.includes('UTC') ? list : [...list, 'UTC'];
    idSet = new Set(ids);
  }
  return ids;
}

export function isTimeZone(value: unknown): value is string {
  timeZoneIds();
  return typeof value === 'string' && idSet!.has(value);
}

/**
 * The list's spelling of a zone, or null when it is not in the list. Browsers may report a
 * newer or older alias than the server's ICU (Europe/Kyiv vs Europe/Kiev, Asia/Kolkata vs
 * Asia/Calcutta) or another case; ICU maps those to one canonical id.
 */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || !value || value.length > 64) return null;
  if (isTimeZone(value)) return value;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    return isTimeZone(resolved) ? resolved : null;
  } catch {
    return null;
  }
}

// Building a formatter costs ~0.3 ms and there are 400+ zones; using one is cheap.
const offsetFormatters = new Map<string, Intl.DateTimeFormat | null>();
function offsetFormatter(zone: string): Intl.DateTimeFormat | null {
  let f = offsetFormatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      f = null;
    }
    if (offsetFormatters.size < 2000) offsetFormatters.set(zone, f);
  }
  return f;
}

/** Minutes east of UTC in `zone` at `at`; 0 for a zone Intl does not know. */
export function utcOffsetMinutes(zone: string, at: Date = new Date()): number {
  const text =
    offsetFormatter(zone)
      ?.formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  // "GMT" alone at zero; some ICU versions write the minus as U+2212.
  const match = /^GMT([+\-\u2212])(\d{1,2})(?::?(\d{2}))?/.exec(text);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '+' ? minutes : -minutes;
}

/** 60 → "UTC+01:00", -210 → "UTC-03:30". An ASCII minus, so typing "-3" finds it. */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${sign}${hh}:${mm}`;
}

export function timeZoneLabel(zone: string, at: Date = new Date()): string {
  return `(${formatUtcOffset(utcOffsetMinutes(zone, at))}) ${zone}`;
}

/** "Mitteleuropäische Zeit" for Europe/Berlin in German; '' where ICU has only "GMT+3". */
const names = new Map<string, Map<string, string>>();
function zoneNames(locale: string): Map<string, string> {
  let map = names.get(locale);
  if (!map) {
    map = new Map();
    const at = new Date();
    for (const id of timeZoneIds()) {
      let name = '';
      try {
        const parts = new Intl.DateTimeFormat(locale, { timeZone: id, timeZoneName: 'longGeneric' }).formatToParts(at);
        name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
      } catch {
        // an unknown locale only costs the search aid
      }
      map.set(id, /^(GMT|UTC)([+\-\u2212]|$)/.test(name) ? '' : name);
    }
    if (names.size < 20) names.set(locale, map);
  }
  return map;
}

/** Offsets change only at DST transitions, which fall on a quarter hour. */
const BUCKET_MS = 15 * 60 * 1000;
const cache = new Map<string, { bucket: number; options: TimeZoneOption[] }>();

/** Every zone, labelled with its current offset, sorted by offset and then by id. */
export function timeZoneOptions(locale = 'en', at: Date = new Date()): TimeZoneOption[] {
  const bucket = Math.floor(at.getTime() / BUCKET_MS);
  const cached = cache.get(locale);
  if (cached && cached.bucket === bucket) return cached.options;
  const localNames = zoneNames(locale);
  const options = timeZoneIds().map((id) => {
    const offsetMinutes = utcOffsetMinutes(id, at);
    return { id, offsetMinutes, label: `(${formatUtcOffset(offsetMinutes)}) ${id}`, name: localNames.get(id) ?? '' };
  });
  options.sort((a, b) => a.offsetMinutes - b.offsetMinutes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (cache.size < 20) cache.set(locale, { bucket, options });
  return options;
}
