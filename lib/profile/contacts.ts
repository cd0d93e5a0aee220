export const CONTACT_KINDS = ['telegram', 'whatsapp', 'slack', 'teams', 'signal', 'skype', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const MAX_CONTACTS = 10;
/** Rows a form may post at all (10 kept ones, a blank one, slack for removed ones). */
export const MAX_CONTACT_ROWS = 30;

export function isContactKind(value: unknown): value is ContactKind {
  return typeof value === 'string' && (CONTACT_KINDS as readonly string[]).includes(value);
}

export type ContactRowInput = { kind?: unknown; handle?: unknown; remove?: unknown };

const INDEXED = /^contacts\.(\d{1,3})\.(kind|handle|remove)$/;

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/**
 * The contact rows of a posted form as one list, whichever shape they came in:
 * - `contacts.0.kind`, `contacts.0.handle`, `contacts.0.remove` (what the form posts),
 *   ordered by index with gaps closed;
 * - repeated `contacts.kind` / `contacts.handle` keys, paired by position;
 * - an array under `contacts` already (react-hook-form's values in the browser).
 * The flat keys are removed so the rest of the object parses as usual.
 */
export function collectContactRows(raw: Record<string, unknown>): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const source = raw as Record<string, unknown>;
  if (Array.isArray(source.contacts)) return raw;
  const rest: Record<string, unknown> = {};
  const indexed = new Map<number, ContactRowInput>();
  for (const [key, value] of Object.entries(source)) {
    const match = INDEXED.exec(key);
    if (match) {
      const row = indexed.get(Number(match[1])) ?? {};
      row[match[2] as keyof ContactRowInput] = first(value);
      indexed.set(Number(match[1]), row);
    } else if (key !== 'contacts.kind' && key !== 'contacts.handle') {
      rest[key] = value;
    }
  }
  const rows = [...indexed.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
  if ('contacts.kind' in source || 'contacts.handle' in source) {
    const kinds = [source['contacts.kind'] ?? []].flat();
    const handles = [source['contacts.handle'] ?? []].flat();
    for (let i = 0; i < Math.max(kinds.length, handles.length); i++)
      rows.push({ kind: kinds[i] ?? '', handle: handles[i] ?? '' });
  }
  return { ...rest, contacts: rows };
}
