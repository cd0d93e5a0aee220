// Posts forms the way a browser without JavaScript does (the page's hidden server-action fields
// plus the visible ones), so it needs no action ids from the build.
//   node scripts/smoke-parallel-sign-in.mjs setup <base> <email> <password>
//   node scripts/smoke-parallel-sign-in.mjs attack <count> <email> <base> [<base> …]
// `attack` sends <count> wrong-password sign-ins at once, split across the bases (instances),
// and prints one JSON line: how many were checked ("wrong"), refused or anything else.

const decode = (s) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The hidden inputs of the page's first form: what React renders for a server action. */
async function formFields(url) {
  const response = await fetch(url, { redirect: 'manual' });
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  const html = await response.text();
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  const fields = [];
  for (const input of form.matchAll(/<input\b[^>]*>/g)) {
    const tag = input[0];
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (name) fields.push([decode(name), decode(/value="([^"]*)"/.exec(tag)?.[1] ?? '')]);
  }
  if (!fields.some(([name]) => name.startsWith('$ACTION'))) throw new Error(`no server-action form on ${url}`);
  return fields;
}

async function post(url, hidden, visible) {
  const body = new FormData();
  for (const [name, value] of hidden) body.append(name, value);
  for (const [name, value] of Object.entries(visible)) body.set(name, value);
  const response = await fetch(url, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { origin: new URL(url).origin },
  });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

const [mode, ...args] = process.argv.slice(2);

if (mode === 'setup') {
  const [base, email, password] = args;
  const url = `${base}/setup`;
  const result = await post(url, await formFields(url), {
    orgName: 'Smoke',
    firstName: 'Smoke',
    lastName: 'Owner',
    email,
    password,
    confirmPassword: password,
  });
  if (result.status !== 303) throw new Error(`setup answered ${result.status}`);
  console.log('setup ok');
} else if (mode === 'attack') {
  const [count, email, ...bases] = args;
  const forms = await Promise.all(bases.map((base) => formFields(`${base}/sign-in`)));
  const results = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) => {
      const n = i % bases.length;
      return post(`${bases[n]}/sign-in`, forms[n], { email, password: `Wr0ng!guess-${i}` }).then((r) => ({
        ...r,
        instance: n,
      }));
    }),
  );
  const tally = { wrong: 0, refused: 0, other: 0, perInstance: bases.map(() => 0) };
  for (const r of results) {
    tally.perInstance[r.instance]++;
    // The page carries its area's messages for the browser too: read the form's alert only.
    const alert = r.status === 200 ? decode(/<p role="alert"[^>]*>([^<]*)<\/p>/.exec(r.text)?.[1] ?? '') : '';
    if (alert === 'The email or password is not correct.') tally.wrong++;
    else if (alert.startsWith('Too many attempts.')) tally.refused++;
    else tally.other++;
  }
  console.log(JSON.stringify(tally));
} else {
  console.error('usage: smoke-parallel-sign-in.mjs setup <base> <email> <password> | attack <count> <email> <base>…');
  process.exit(2);
}
