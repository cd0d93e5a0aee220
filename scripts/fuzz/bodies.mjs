// Request bodies for one server action: malformed ones, and well-formed ones with wrong content.
// Two ways in, as the framework offers them:
// - "fetch": what the JS client sends (`Next-Action: <id>` header). React encodes the arguments
//   with encodeReply: a string when they are plain JSON, otherwise multipart whose field "0" is
//   the JSON root and a FormData argument becomes "$K<n>" with its entries as "_<n>_<name>".
// - "form": a browser without JS posting the page's form: multipart with `$ACTION_ID_<id>` (a
//   plain action) or `$ACTION_REF_<n>` + `$ACTION_<n>:0` ({ id, bound }) for useActionState.
// Every body is built as bytes here, so a failing request can be printed exactly as it was sent.

export const CONTROL_VALUE = 'a\u0000b\u001b[2Jc\u202Ed\u2066e\u0085f\u007fg\u200Fh';
export const LONG_VALUE = 'x'.repeat(100 * 1024);
const NUMBER_VALUES = ['-1', '1e309', 'NaN', '0x1F', '9'.repeat(400), '-0'];
/** Keys that are properties of every plain object, path-like keys and list keys. */
const UNKNOWN_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'contacts[0][__proto__]',
  'a[b][c]',
  'zz[]',
  'contacts.kind',
  'length',
];
/** Fields a form of this app might have, for an action no rendered page showed us. */
const FALLBACK_FIELDS = [
  'email',
  'password',
  'confirmPassword',
  'name',
  'token',
  'code',
  'pin',
  'timeZone',
  'id',
  'userId',
  'sessionId',
  'groupId',
  'roleId',
  'invitationId',
  'assignmentId',
  'mailId',
  'microphoneId',
  'speakerLabel',
];

/** Deterministic bytes (mulberry32), so a run can be repeated with the same FUZZ_SEED. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const randomBytes = (random, n) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));

/** What the action's id says about its parameters (see next/dist/shared/lib/server-reference-info). */
export function actionShape(id) {
  const info = parseInt(id.slice(0, 2), 16);
  const mask = (info >> 1) & 0x3f;
  const rest = (info & 1) === 1;
  const used = Array.from({ length: 6 }, (_, i) => ((mask >> (5 - i)) & 1) === 1);
  return { noArgs: info === 0, twoArgs: rest || used[1] };
}

/**
 * A multipart body as a browser writes it. Values are strings, or { filename, type, data } for
 * a file part. Names keep their characters except the three a browser escapes.
 */
export function multipart(entries, boundary = '----fuzzBoundary7MA4YWxkTrZu0gW') {
  const chunks = [];
  for (const [name, value] of entries) {
    const safe = name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    if (typeof value === 'string') {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${safe}"\r\n\r\n`),
        Buffer.from(value),
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${safe}"; filename="${value.filename}"\r\nContent-Type: ${value.type}\r\n\r\n`,
        ),
        Buffer.from(value.data),
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

const fieldsOf = (action) => (action.fields.length ? action.fields : FALLBACK_FIELDS);

/** The form's fields, each with the same wrong value, or a value per field from `valueFor`. */
const fill = (action, valueFor) => fieldsOf(action).map((name, i) => [name, valueFor(name, i)]);

const fieldSets = (action, ctx) => ({
  control: fill(action, () => CONTROL_VALUE),
  long: fill(action, () => LONG_VALUE),
  repeated: fieldsOf(action).flatMap((name) => [
    [name, 'first'],
    [name, ''],
    [`${name}[]`, 'third'],
  ]),
  unknown: UNKNOWN_KEYS.map((key, i) => [key, i % 2 ? '1' : 'x']),
  numbers: fill(action, (_, i) => NUMBER_VALUES[i % NUMBER_VALUES.length]),
  // Real ids of another organization, and ids that are no ids at all.
  ids: fill(action, (_, i) => ctx.wrongIds[i % ctx.wrongIds.length]),
  files: fill(action, (name) => ({
    filename: `${name}.png`,
    type: 'image/png',
    data: ctx.random ? randomBytes(ctx.random, 64) : Buffer.alloc(64),
  })),
});

/** The JSON root of encodeReply for this action's parameters, with the form as "$K1". */
const replyRoot = (action) =>
  actionShape(action.id).twoArgs ? JSON.stringify([{ status: 'idle' }, '$K1']) : JSON.stringify(['$K1']);

const fetchCase = (action, origin, label, contentType, body) => ({
  label,
  mode: 'fetch',
  headers: {
    'next-action': action.id,
    accept: 'text/x-component',
    origin,
    ...(contentType ? { 'content-type': contentType } : {}),
  },
  body,
});

const reply = (action, origin, label, entries, root = replyRoot(action)) => {
  const { body, type } = multipart([['0', root], ...entries.map(([k, v]) => [`_1_${k}`, v])]);
  return fetchCase(action, origin, label, type, body);
};

const formCase = (action, origin, label, contentType, body) => ({
  label,
  mode: 'form',
  headers: { origin, ...(contentType ? { 'content-type': contentType } : {}) },
  body,
});

const formEntries = (action, origin, label, entries) => {
  const { body, type } = multipart(entries);
  return formCase(action, origin, label, type, body);
};

const plainForm = (action, origin, label, entries) =>
  formEntries(action, origin, label, [[`$ACTION_ID_${action.id}`, ''], ...entries]);

/**
 * A form post as the page renders it: a useActionState form carries `$ACTION_REF_<n>`, its
 * reference and the previous state (`action.pageFields`, read from the page); a plain one
 * `$ACTION_ID_<id>`. Only then do the fields reach the action as its form data.
 */
const pageForm = (action, origin, label, entries) =>
  action.pageFields?.length
    ? formEntries(action, origin, label, [...action.pageFields, ...entries])
    : plainForm(action, origin, label, entries);

/** The previous state a browser posts back, rewritten: never to be trusted, never to be echoed. */
const TAMPERED_STATE = JSON.stringify([
  {
    status: 'success',
    message: '<script>alert(1)</script>',
    fieldErrors: { ['__proto__']: ['x'], email: 'not a list' },
    values: { email: '\u0000', password: 'secret' },
  },
]);

/**
 * Cases that fail, or should fail, while the framework decodes the body, before the action sees
 * an argument: who sends them does not matter, so they go once per action.
 */
export function decodeCases(action, ctx) {
  const { origin, random } = ctx;
  const id = action.id;
  const noBoundary = `--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K1"]\r\n--x--\r\n`;
  const broken = `--real\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K1"]\r\n--real\r\nContent-Disposition: form-data; name="_1_email`;
  const otherId = `${id.slice(0, -4)}${id.slice(-4) === 'ffff' ? '0000' : 'ffff'}`;
  return [
    fetchCase(action, origin, 'fetch: JSON content type', 'application/json', '{"email":"a@b.c"}'),
    fetchCase(action, origin, 'fetch: text/plain JSON scalar', 'text/plain;charset=UTF-8', '"x"'),
    fetchCase(action, origin, 'fetch: text/plain invalid JSON', 'text/plain;charset=UTF-8', '{"a":[1,'),
    fetchCase(
      action,
      origin,
      'fetch: urlencoded garbage',
      'application/x-www-form-urlencoded',
      'a=%zz&&=&%00=%E0%A4%A&b',
    ),
    fetchCase(action, origin, 'fetch: multipart without boundary', 'multipart/form-data', noBoundary),
    fetchCase(action, origin, 'fetch: multipart with a broken boundary', 'multipart/form-data; boundary=other', broken),
    fetchCase(action, origin, 'fetch: random bytes', 'application/octet-stream', randomBytes(random, 4096)),
    fetchCase(
      action,
      origin,
      'fetch: random bytes as multipart',
      'multipart/form-data; boundary=----fuzz',
      randomBytes(random, 4096),
    ),
    reply(
      action,
      origin,
      'fetch: references to missing parts',
      [],
      JSON.stringify(['$K9', '$Q7', '$@5', '$B3', '$h2']),
    ),
    reply(action, origin, 'fetch: 1001 arguments', [], JSON.stringify(Array(1001).fill(0))),
    reply(action, origin, 'fetch: root is not JSON', [], '{not json'),
    formCase(
      action,
      origin,
      'form: multipart without boundary',
      'multipart/form-data',
      `--x\r\nContent-Disposition: form-data; name="$ACTION_ID_${id}"\r\n\r\n\r\n--x--\r\n`,
    ),
    formCase(
      action,
      origin,
      'form: multipart with a broken boundary',
      'multipart/form-data; boundary=other',
      `--real\r\nContent-Disposition: form-data; name="$ACTION_ID_${id}"\r\n\r\n\r\n--real\r\nContent-Disposition: form-da`,
    ),
    formEntries(action, origin, 'form: action reference with invalid JSON', [
      ['$ACTION_REF_1', ''],
      ['$ACTION_1:0', '{"id":'],
      ['$ACTION_KEY', 'k0'],
    ]),
    formEntries(action, origin, 'form: bound arguments that are no list', [
      ['$ACTION_REF_1', ''],
      ['$ACTION_1:0', JSON.stringify({ id, bound: '$@1' })],
      ['$ACTION_1:1', '"not a list"'],
      ['$ACTION_KEY', 'k0'],
    ]),
    plainForm({ ...action, id: otherId }, origin, 'form: unknown action id', []),
  ];
}

/** Cases that reach the action's code (or its session check): sent as every identity. */
export function identityCases(action, ctx, { set = 'full' } = {}) {
  const { origin } = ctx;
  const sets = fieldSets(action, ctx);
  const all = [
    fetchCase(action, origin, 'fetch: empty body', undefined, undefined),
    fetchCase(action, origin, 'fetch: text/plain []', 'text/plain;charset=UTF-8', '[]'),
    fetchCase(action, origin, 'fetch: text/plain {}', 'text/plain;charset=UTF-8', '{}'),
    reply(action, origin, 'fetch: control characters', sets.control),
    reply(action, origin, 'fetch: 100 KB values', sets.long),
    reply(action, origin, 'fetch: repeated keys', sets.repeated),
    reply(action, origin, 'fetch: unknown keys', sets.unknown),
    reply(
      action,
      origin,
      'fetch: numbers in text fields',
      sets.numbers,
      JSON.stringify(actionShape(action.id).twoArgs ? [1e308, '$K1'] : ['$K1']),
    ),
    reply(action, origin, 'fetch: other organization and malformed ids', sets.ids),
    reply(
      action,
      origin,
      'fetch: the form twice, in the wrong order',
      sets.ids,
      JSON.stringify(['$K1', '$K1', { status: 'success' }]),
    ),
    plainForm(action, origin, 'form: no fields', []),
    formCase(
      action,
      origin,
      'form: urlencoded',
      'application/x-www-form-urlencoded',
      `%24ACTION_ID_${action.id}=&email=%00&password=x`,
    ),
    pageForm(action, origin, 'form: control characters', sets.control),
    pageForm(action, origin, 'form: 100 KB values', sets.long),
    pageForm(action, origin, 'form: repeated keys', sets.repeated),
    pageForm(action, origin, 'form: unknown keys', sets.unknown),
    pageForm(action, origin, 'form: numbers in text fields', sets.numbers),
    pageForm(action, origin, 'form: other organization and malformed ids', sets.ids),
    pageForm(action, origin, 'form: files in text fields', sets.files),
    ...(action.pageFields?.some(([name]) => /^\$ACTION_\d+:1$/.test(name))
      ? [
          formEntries(
            action,
            origin,
            'form: tampered previous state',
            action.pageFields.map(([name, value]) => [name, /^\$ACTION_\d+:1$/.test(name) ? TAMPERED_STATE : value]),
          ),
        ]
      : []),
  ];
  if (set === 'full') return all;
  const keep = new Set([
    'fetch: empty body',
    'fetch: text/plain []',
    'fetch: control characters',
    'form: no fields',
    'form: control characters',
    'form: unknown keys',
    'form: other organization and malformed ids',
  ]);
  if (set === 'medium')
    for (const label of [
      'fetch: other organization and malformed ids',
      'form: numbers in text fields',
      'form: 100 KB values',
      'form: repeated keys',
    ])
      keep.add(label);
  return all.filter((c) => keep.has(c.label));
}

/** A printable copy of a body for the failure list: escaped, cut to `max` characters. */
export function preview(body, max = 400) {
  if (body === undefined) return '(no body)';
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return text.length > max ? `${shown} (${text.length} bytes)` : shown;
}
