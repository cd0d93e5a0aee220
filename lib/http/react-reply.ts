/**
 * A check of React's reply encoding (the arguments of a server-action call, and the bound
 * arguments of a form posted without JavaScript) before Next.js decodes it. React's decoder
 * throws on a row that is not JSON, nests too deep, refers to a row or path that is not there,
 * or names a kind of value it cannot build, and Next.js answers every such throw with a 500.
 *
 * The check accepts what React's client writes for this app's calls: plain JSON, the inline
 * values (`$$…` escaped text, `$u`, `$D…`, `$K<n>` for the form's data, …), promises and
 * references to rows that exist, and paths that lead somewhere. Everything else a client could
 * name (server references, streams, blobs, typed arrays, temporary references) is refused: no
 * form of this app sends them.
 */

/**
 * Deepest nesting React's reply decoder is given. It revives a value recursively, so a few
 * thousand brackets overflow the stack; our forms send an object two or three levels deep.
 */
export const MAX_JSON_DEPTH = 64;

/** React refuses a reply whose arrays hold more slots than this (its `arraySizeLimit`). */
export const MAX_ARRAY_SLOTS = 1_000_000;

/**
 * Rows in one reply. A form's call needs one or two; rows that refer to one another in a long
 * chain are revived recursively too, so their number is bounded like the depth of one.
 */
export const MAX_REPLY_ROWS = 1000;

/** React binds at most this many arguments to an action from a form's metadata. */
export const MAX_BOUND_ARGUMENTS = 1000;

/**
 * Nesting depth and array slots of JSON text, counted without recursion and without parsing
 * (brackets inside strings do not count), so a hostile row costs one pass over its characters.
 * Slots are counted as React does: each array's length plus one, summed over the whole row.
 */
export function jsonShape(text: string): { depth: number; arraySlots: number } {
  let depth = 0;
  let maxDepth = 0;
  let arraySlots = 0;
  let inString = false;
  // For each open bracket: whether it is an array, and whether that array has no element yet.
  const arrays: boolean[] = [];
  const emptyArray: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    const top = arrays.length - 1;
    if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
      arrays.pop();
      emptyArray.pop();
      continue;
    }
    if (c === 0x2c /* , */) {
      if (top >= 0 && arrays[top]) arraySlots++;
      continue;
    }
    if (c === 0x3a /* : */) continue;
    // The start of a value: the first one in an array counts as its first slot.
    if (top >= 0 && arrays[top] && emptyArray[top]) {
      emptyArray[top] = false;
      arraySlots++;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      const isArray = c === 0x5b;
      if (isArray) arraySlots++; // the "+ 1" React adds per array
      arrays.push(isArray);
      emptyArray.push(isArray);
    }
  }
  return { depth: maxDepth, arraySlots };
}

// Values React builds from the string alone, without failing. It decides by the second character
// (`$undefined`, `$Infinity`, `$NaN`, `$-0`, `$D<date>`, `$K<n>`, `$$` escaped text), except for
// a BigInt, whose digits it parses.
const INLINE = /^\$(?:[$uINDKH-]|n-?\d{1,300}$)/;
// A promise of a row, or a reference to a row and a path in it (`$1`, `$0:values:email`).
const PROMISE = /^\$@([0-9a-f]+)$/;
const REFERENCE = /^\$([0-9a-f]+)((?::[^:]*)*)$/;

type Rows = Map<number, unknown>;
/** Array slots per row (see jsonShape): a reference adds its row's arrays to the referrer's count. */
type Slots = Map<number, number>;

/** Follows a reference's path through plain objects and arrays, as React does. */
function pathResolves(rows: Rows, id: number, path: string): boolean {
  let value = rows.get(id);
  for (const key of path.split(':').slice(1)) {
    if (typeof value !== 'object' || value === null || key === '__proto__' || !Object.hasOwn(value, key)) return false;
    value = (value as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * Every string of every row is something React can build from this reply, and the arrays it
 * builds, counted once per reference as React counts them, stay within its limit.
 */
function stringsDecode(rows: Rows, slots: Slots): boolean {
  let total = 0;
  for (const n of slots.values()) total += n;
  const stack: unknown[] = [...rows.values()];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value[0] !== '$' || INLINE.test(value)) continue;
      const promise = PROMISE.exec(value);
      const reference = promise ? null : REFERENCE.exec(value);
      const id = parseInt((promise ?? reference)?.[1] ?? '', 16);
      if (!rows.has(id)) return false;
      if (reference && !pathResolves(rows, id, reference[2])) return false;
      total += slots.get(id) ?? 0;
      if (total > MAX_ARRAY_SLOTS) return false;
    } else if (typeof value === 'object' && value !== null) {
      stack.push(...Object.values(value));
    }
  }
  return true;
}

/** The JSON rows under `prefix` + hex id, or null when one is not decodable or there are too many. */
function collectRows(form: FormData, prefix: string): { rows: Rows; slots: Slots } | null {
  const rows: Rows = new Map();
  const slots: Slots = new Map();
  for (const [name, value] of form.entries()) {
    if (!name.startsWith(prefix)) continue;
    const hex = name.slice(prefix.length);
    if (!/^[0-9a-f]+$/.test(hex)) continue;
    if (rows.size >= MAX_REPLY_ROWS || typeof value !== 'string') return null;
    const { depth, arraySlots } = jsonShape(value);
    if (depth > MAX_JSON_DEPTH || arraySlots > MAX_ARRAY_SLOTS) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
    const id = parseInt(hex, 16);
    rows.set(id, parsed);
    slots.set(id, arraySlots);
  }
  return { rows, slots };
}

/**
 * Which arguments an action uses, from the first byte of its id: Next.js's compiler records it
 * there, and its client sends only those arguments (an unused one as `$undefined`). Null for an
 * id that is not one (Next.js answers those 404 before decoding anything).
 */
export function actionArgumentUse(actionId: string): { used: boolean[]; rest: boolean } | null {
  if (!/^[0-9a-f]{42}$/.test(actionId)) return null;
  const info = parseInt(actionId.slice(0, 2), 16);
  const mask = (info >> 1) & 0x3f;
  return { used: Array.from({ length: 6 }, (_, i) => ((mask >> (5 - i)) & 1) === 1), rest: (info & 1) === 1 };
}

/**
 * A call sent as JSON text instead of multipart: what Next.js's client sends when none of the
 * arguments the action uses holds form data. In this app that is an action that takes no
 * argument (a sign-out button, "Sign out of all other sessions"), called with `[]`. Accepted: a
 * shallow list (plain values only, no objects or lists) that decodes and holds a value only where
 * the action uses one (an unused one is `$undefined`, as that client writes it). An action called
 * with an object, such as a previous state without form data, would need this widened.
 */
export function isDecodableTextCall(text: string, actionId: string): boolean {
  const use = actionArgumentUse(actionId);
  if (!use) return false;
  const form = new FormData();
  form.set('0', text);
  if (!isDecodableCall(form)) return false;
  const args = JSON.parse(text) as unknown[];
  return args.every(
    (arg, i) => (typeof arg !== 'object' || arg === null) && ((i < 6 ? use.used[i] : use.rest) || arg === '$undefined'),
  );
}

/**
 * A script's call (`Next-Action`, multipart): the root row `0` is the list of arguments, and
 * every row decodes.
 */
export function isDecodableCall(form: FormData): boolean {
  const reply = collectRows(form, '');
  const args = reply?.rows.get(0);
  if (!reply || !Array.isArray(args) || args.length > MAX_BOUND_ARGUMENTS) return false;
  return stringsDecode(reply.rows, reply.slots);
}

/**
 * A form posted without JavaScript: for each `$ACTION_REF_<n>` (an action with bound arguments,
 * such as useActionState's previous state), row `$ACTION_<n>:0` names the action and its bound
 * arguments, which must be a list. A form without such a reference has no rows to check.
 */
export function isDecodableFormPost(form: FormData): boolean {
  for (const name of form.keys()) {
    const ref = /^\$ACTION_REF_(\d+)$/.exec(name);
    if (!ref) continue;
    const reply = collectRows(form, `$ACTION_${ref[1]}:`);
    if (!reply) return false;
    const { rows, slots } = reply;
    const meta = rows.get(0);
    if (typeof meta !== 'object' || meta === null || typeof (meta as { id?: unknown }).id !== 'string') return false;
    // React reads `bound.length` of whatever it is given: null, or a promise of a list.
    const bound = (meta as { bound?: unknown }).bound;
    if (bound !== null) {
      const promise = typeof bound === 'string' ? PROMISE.exec(bound) : null;
      const list = promise ? rows.get(parseInt(promise[1], 16)) : undefined;
      if (!Array.isArray(list) || list.length > MAX_BOUND_ARGUMENTS) return false;
    }
    if (!stringsDecode(rows, slots)) return false;
  }
  return true;
}
