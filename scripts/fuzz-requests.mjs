// Fuzzes the production build over HTTP: every server action with malformed and well-formed-but-
// wrong bodies, and every GET route with odd ids and query strings, signed out, as a member and as
// the owner. Fails on any 5xx (or a dropped connection) and on any change a fuzzed action makes to
// the database. Starts its own server on a fresh PostgreSQL database, like smoke-postgres.sh, and
// uses the build in NEXT_DIST_DIR (default .next).
//   node scripts/fuzz-requests.mjs
// Environment: FUZZ_ADMIN_URL (PostgreSQL to create the database on), FUZZ_PORT, FUZZ_SEED (the
// random bytes), FUZZ_CONCURRENCY.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import sharp from 'sharp';

import { actionShape, decodeCases, identityCases, preview, rng } from './fuzz/bodies.mjs';
import { formWithField, parseForms } from './fuzz/html.mjs';
import { Client, pool } from './fuzz/http.mjs';
import { expandRoute, queriesFor, routesFromManifest } from './fuzz/routes.mjs';
import { changedTables, READ_AUDIT_ACTIONS, snapshot, snapshotQuery } from './fuzz/snapshot.mjs';
import { serverNodeArgs } from './server-node-args.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const ADMIN_URL = process.env.FUZZ_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.FUZZ_PORT || 3295);
const DIST = process.env.NEXT_DIST_DIR || '.next';
const SEED = Number(process.env.FUZZ_SEED || Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY || 6);
const BASE = `http://localhost:${PORT}`;
const SECRET = 'fuzz-secret-0123456789abcdef0123456789';
const PASSWORD = 'Qu1et!Harbor-Lamp';
const OWNER = 'owner@fuzz.test';
const MEMBER = 'member@fuzz.test';

/**
 * Actions for which a form without any field is a valid submission (every box unticked, every
 * device "system default", no away period): sent by someone allowed to, it legitimately writes.
 * Their change must stay within these tables; anyone else's must change nothing.
 */
const EMPTY_FORM_IS_VALID = {
  updateNotificationPolicy: ['organizations', 'audit_log'],
  saveDevices: ['users'],
  updateAwayPeriod: ['users', 'audit_log'],
  clearAwayPeriod: ['users', 'audit_log'],
  // Buttons without fields of the signed-in user's own security settings: any form is theirs.
  endOtherSessions: ['sessions', 'audit_log'],
  beginTwoFactorSetup: ['users'],
  cancelTwoFactorSetup: ['users'],
  dismissBackupCodes: ['sessions'],
  // "Export CSV" of the whole list (no filter) or the whole log: a task of the signed-in person.
  exportUsers: ['tasks'],
  exportAuditLog: ['tasks'],
  // "Export my data": the person's own export (once a day), audited; when its task ends, the mail
  // saying the file is ready (the check waits for the task, so the mail lands in this window).
  exportMyData: ['tasks', 'audit_log', 'mail_outbox'],
};
/** Actions without parameters do their one thing for any same-origin post, whatever the body. */
const NO_ARG_ACTION_TABLES = ['users', 'sessions', 'audit_log'];

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const say = (...args) => console.log(`fuzz [${elapsed()}]`, ...args);

if (!existsSync(path.join(DIST, 'BUILD_ID'))) {
  console.error(`fuzz: no production build in ${DIST} (run: npx next build)`);
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), 'roster-fuzz-'));
const dataDir = path.join(work, 'data');
const dbName = `roster_fuzz_${process.pid}`;
const dbUrl = `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${dbName}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
let sql;
let server;

async function cleanup() {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await sql?.end({ timeout: 1 }).catch(() => {});
  await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin.end({ timeout: 1 }).catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => cleanup().finally(() => process.exit(130)));

const serverLog = () =>
  existsSync(path.join(work, 'server.log')) ? readFileSync(path.join(work, 'server.log'), 'utf8') : '';

function fail(message) {
  const log = serverLog();
  console.error(log.split('\n').slice(-40).join('\n'));
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Start-up and the organization: setup, an owner, a member who accepted an invitation, a group,
// a pending invitation, and a second organization (from the command line) whose ids are fuzzed.

/** Another server on the port would answer the health check in this one's place. */
const portIsFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });

async function startServer() {
  if (!(await portIsFree(PORT))) fail(`port ${PORT} is taken (set FUZZ_PORT)`);
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    AUTH_SECRET: SECRET,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: DIST,
    APP_URL: BASE,
    LOG_LEVEL: 'warn',
    ROSTER_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // Mail goes to files (the invitation link is read there) and the cron route stays closed.
  delete env.SMTP_URL;
  delete env.CRON_SECRET;
  delete env.UPLOADTHING_TOKEN;
  const log = openSync(path.join(work, 'server.log'), 'a');
  server = spawn(
    process.execPath,
    [...serverNodeArgs(), 'node_modules/next/dist/bin/next', 'start', '-p', String(PORT)],
    {
      env,
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  for (let i = 0; i < 120; i++) {
    const health = await fetch(`${BASE}/api/health`).then(
      (r) => r.text(),
      () => '',
    );
    if (health.includes('"ok"')) return;
    if (server.exitCode !== null) fail(`server exited with ${server.exitCode}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  fail('server did not become healthy');
}

/** Action id → the fields of the forms that post to it, and a page that shows one. */
const forms = new Map();

function learnForms(page, html) {
  for (const form of parseForms(html)) {
    // What React renders for a useActionState form, kept from the first such form seen.
    const refs = form.hidden.some(([n]) => n.startsWith('$ACTION_REF_'))
      ? form.hidden.filter(([n]) => n.startsWith('$ACTION_'))
      : null;
    for (const id of form.actionIds) {
      const known = forms.get(id) ?? { fields: new Set(), page, pageFields: null };
      for (const f of form.fields) known.fields.add(f);
      if (refs && !known.pageFields && refs.some(([n, v]) => /^\$ACTION_\d+:0$/.test(n) && v.includes(id)))
        known.pageFields = refs;
      forms.set(id, known);
    }
  }
}

async function formOf(client, page, field) {
  const res = await client.send(page);
  if (res.status !== 200) fail(`GET ${page} as ${client.name}: ${res.status}`);
  learnForms(page, res.text);
  const form = formWithField(res.text, field);
  if (!form) fail(`no form with "${field}" on ${page}`);
  return form;
}

async function submit(client, page, field, values, expect = [303]) {
  const form = await formOf(client, page, field);
  const res = await client.postForm(page, [...form.hidden, ...Object.entries(values)]);
  if (!expect.includes(res.status)) {
    const alerts = [...res.text.matchAll(/role="alert"[^>]*>([^<]*)</g)].map((m) => m[1]).join(' | ');
    fail(`posting ${page} as ${client.name}: ${res.status} ${alerts || res.text.slice(0, 300)}`);
  }
  return res;
}

async function signIn(client, email) {
  await submit(client, '/sign-in', 'email', { email, password: PASSWORD });
  const profile = await client.send('/settings/profile');
  if (profile.status !== 200) fail(`${email} is not signed in (${profile.status})`);
}

async function mailLink(to, kind) {
  const dir = path.join(dataDir, 'mail');
  for (let i = 0; i < 80; i++) {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const raw = readFileSync(path.join(dir, name), 'utf8').replace(/\r\n/g, '\n');
      if (!new RegExp(`^To: .*${to.replace(/[.+]/g, '\\$&')}`, 'mi').test(raw)) continue;
      // Quoted-printable bodies (nodemailer's choice for long lines): join soft breaks, decode =XX.
      const text = raw.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      const link = new RegExp(`${BASE}/${kind}/[A-Za-z0-9_-]+`).exec(text)?.[0];
      if (link) return link;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`no ${kind} mail for ${to}`);
}

function createOtherOrganization() {
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/tsx/dist/cli.mjs',
      '--conditions=react-server',
      'scripts/org-create.ts',
      '--name',
      'Other Org',
      '--owner-email',
      'owner@other.test',
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        AUTH_SECRET: SECRET,
        APP_URL: BASE,
        ROSTER_DATA_DIR: path.join(work, 'cli'),
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    },
  );
  const link = /\/invite\/([A-Za-z0-9_-]+)/.exec(run.stdout)?.[1];
  if (run.status !== 0 || !link) fail(`org:create failed: ${run.stderr || run.stdout}`);
  return link;
}

async function waitForOutbox() {
  for (let i = 0; i < 120; i++) {
    const [{ n }] = await sql`select count(*)::int as n from mail_outbox where status = 'pending'`;
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  fail('mail outbox did not drain');
}

// ---------------------------------------------------------------------------------------------

const results = [];
const failures = [];

function record(identity, kind, target, request, res) {
  results.push({ identity, kind, status: res.status, ms: res.ms, target, label: request.label });
  // /unavailable is the page that says the database is out of reach: 503 is its answer.
  const expected = res.status === 503 && /^GET \/unavailable(\?|$)/.test(target);
  if (res.status === 0 || (res.status >= 500 && !expected)) {
    failures.push({ identity, target, request, status: res.status, error: res.error, reply: res.text.slice(0, 200) });
  }
}

function describe(request) {
  if (!request.mode) return request.label;
  const headers = Object.entries(request.headers ?? {})
    .filter(([k]) => k !== 'origin' && k !== 'accept')
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return `${request.label ?? ''}${headers ? ` [${headers}]` : ''} body ${preview(request.body)}`;
}

async function main() {
  await admin.unsafe(`create database ${dbName}`);
  sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  say(`seed ${SEED}, build ${DIST}, database ${dbName}, port ${PORT}`);
  await startServer();
  say('server healthy');

  const anon = new Client(BASE, 'signed out');
  const owner = new Client(BASE, 'owner');
  const member = new Client(BASE, 'member');
  await submit(anon, '/setup', 'orgName', {
    orgName: 'Fuzz Org',
    firstName: 'Olive',
    lastName: 'Owner',
    email: OWNER,
    password: PASSWORD,
    confirmPassword: PASSWORD,
  });
  anon.jar.clear();
  const otherToken = createOtherOrganization();
  await signIn(owner, OWNER);
  await submit(
    owner,
    '/org-settings/users/new',
    'email',
    { email: MEMBER, firstName: 'Milo', lastName: 'Member', role: 'member' },
    [303, 200],
  );
  const invite = await mailLink(MEMBER, 'invite');
  await submit(member, new URL(invite).pathname, 'password', { password: PASSWORD, confirmPassword: PASSWORD });
  if ((await member.send('/settings/profile')).status !== 200) fail('the member is not signed in after accepting');
  await submit(owner, '/org-settings/groups/new', 'name', {
    name: 'Fuzz group',
    type: 'team',
    visibility: 'public',
    description: '',
  });
  // A custom role (managed roles are no rows) that nobody holds: the member stays a plain member.
  await submit(owner, '/org-settings/roles/new', 'name', { name: 'Fuzz role', description: '', perm_users_read: 'on' });
  await submit(
    owner,
    '/org-settings/users/new',
    'email',
    { email: 'pending@fuzz.test', firstName: 'Pat', lastName: 'Pending', role: 'member' },
    [303, 200],
  );

  // A group photo: /files/<id> then serves a real image. A group's, because nothing fuzzed can
  // name the group (its id is never in a fuzzed body), so the photo lasts the run.
  const [group] = await sql`select id::text from groups where name = 'Fuzz group'`;
  const photo = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#3366aa' } })
    .png()
    .toBuffer();
  await submit(
    owner,
    `/org-settings/groups/${group.id}`,
    'photo',
    { photo: { filename: 'photo.png', type: 'image/png', data: photo } },
    [303, 200],
  );

  const [ownOrg] = await sql`select id from organizations where name = 'Fuzz Org'`;
  const [otherOrg] = await sql`select id from organizations where name = 'Other Org'`;
  const ownIds = async (table) =>
    (await sql.unsafe(`select id::text from ${table} where org_id = $1 order by created_at`, [ownOrg.id])).map(
      (r) => r.id,
    );
  const otherIds = async (table) =>
    (await sql.unsafe(`select id::text from ${table} where org_id = $1`, [otherOrg.id])).map((r) => r.id);
  const [memberRow] = await sql`select id::text from users where email = ${MEMBER}`;
  const ids = {
    users: [...new Set([memberRow.id, ...(await ownIds('users'))])],
    groups: await ownIds('groups'),
    roles: await ownIds('roles'),
    files: (await sql`select id::text from files where org_id = ${ownOrg.id}`).map((r) => r.id),
    tokens: [otherToken],
    other: [otherOrg.id, ...(await otherIds('roles')), ...(await otherIds('invitations'))],
  };
  if (!ids.groups.length || !ids.roles.length || !ids.files.length || ids.users.length < 2)
    fail(`setup incomplete: ${JSON.stringify(ids)}`);
  say(
    `organization ready: owner, member, ${ids.groups.length} group with a photo, ${ids.roles.length} custom role; another organization (${ids.other.length} ids)`,
  );

  // The routes of the build, and the forms its pages show: which fields each action reads.
  const manifestRoutes = routesFromManifest(
    JSON.parse(readFileSync(path.join(DIST, 'server/app-paths-manifest.json'), 'utf8')),
  );
  const pageRoutes = new Set(
    Object.keys(JSON.parse(readFileSync(path.join(DIST, 'server/app-paths-manifest.json'), 'utf8')))
      .filter((k) => k.endsWith('/page') && !k.startsWith('/_'))
      .map((k) => routesFromManifest({ [k]: '' })[0]),
  );
  for (const client of [owner, member, anon]) {
    const pages = [...pageRoutes].map((r) => expandRoute(r, ids)[0].path);
    await pool(pages, CONCURRENCY, async (page) => {
      const res = await client.send(page);
      if (res.status === 200) learnForms(page, res.text);
    });
  }

  const serverManifest = JSON.parse(readFileSync(path.join(DIST, 'server/server-reference-manifest.json'), 'utf8'));
  const actions = Object.entries(serverManifest.node ?? {}).map(([id, entry]) => {
    const scraped = forms.get(id);
    const worker = Object.keys(entry.workers).find((w) => w.endsWith('/page'));
    const fromWorker = worker
      ? expandRoute(routesFromManifest({ [`/${worker.replace(/^app\//, '')}`]: '' })[0], ids)[0].path
      : '/';
    return {
      id,
      name: entry.exportedName ?? id,
      fields: scraped ? [...scraped.fields] : [],
      page: scraped?.page ?? fromWorker,
      pageFields: scraped?.pageFields ?? null,
    };
  });
  const unseen = actions.filter((a) => !forms.has(a.id)).map((a) => a.name);
  say(
    `${actions.length} actions in the manifest (${actions.length - unseen.length} found in forms${unseen.length ? `; fields guessed for ${unseen.join(', ')}` : ''}), ${manifestRoutes.length} routes`,
  );

  await waitForOutbox();
  const query = await snapshotQuery(sql);
  let baseline = await snapshot(sql, query);
  say(`${baseline.size} tables fingerprinted: ${[...baseline.keys()].join(', ')}`);
  const dbFailures = [];
  const notes = [];
  const random = rng(SEED);
  const ctx = {
    origin: new URL(BASE).origin,
    random,
    wrongIds: [...ids.other, 'not-a-uuid', '00000000-0000-0000-0000-000000000000', "x' or '1'='1", '-1'],
  };

  // ---- server actions -------------------------------------------------------------------------
  const phaseStart = performance.now();
  const send =
    (action) =>
    async ([client, c]) => {
      const res = await client.send(action.page, { method: 'POST', headers: c.headers, body: c.body });
      record(client.name, 'action', `POST ${action.page} (${action.name})`, c, res);
      return { who: `${client.name}/${c.label}`, status: res.status };
    };
  /** Compares with the last snapshot; `allowed` tables may change (a valid empty form), nothing else. */
  const check = async (action, replies, allowed) => {
    // What a queued task writes when it ends belongs to the request that queued it.
    for (let waited = 0; waited < 30_000; waited += 250) {
      const [{ open }] = await sql`select count(*)::int as open from tasks where status in ('queued', 'running')`;
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const after = await snapshot(sql, query);
    const changed = changedTables(baseline, after);
    baseline = after;
    if (!changed.length) return;
    if (allowed && changed.every((t) => allowed.includes(t.name))) {
      notes.push(
        `${action.name}: a form without fields is a valid submission; it changed ${changed.map((t) => t.text).join(', ')}`,
      );
      return;
    }
    // The answers that did not refuse are the suspects.
    const accepted = replies.filter((r) => r.status < 400).map((r) => `${r.who} ${r.status}`);
    dbFailures.push(
      `${action.name} (${action.id}) changed ${changed.map((t) => t.text).join(', ')}; not refused: ${accepted.join(', ') || 'none'}`,
    );
  };
  for (const action of actions) {
    const noArgs = actionShape(action.id).noArgs;
    // Signed out, and bodies the framework should not even decode: nothing may change. A body it
    // can decode runs a parameterless action whatever it says, so those go signed out too (the
    // owner's session must last the run).
    const strict = [
      ...decodeCases(action, ctx).map((c) => [noArgs ? anon : owner, c]),
      ...identityCases(action, ctx, { set: 'short' }).map((c) => [anon, c]),
    ];
    await check(action, await pool(strict, CONCURRENCY, send(action)), null);
    // Signed in. Parameterless actions (sign out, end other sessions, …) do their one thing for
    // anyone signed in whatever the body: they are sent after the GET phase, below. The member
    // runs the owner's code on account pages and stops at a 404 on org pages: fewer cases suffice.
    if (noArgs) continue;
    const signedIn = [
      ...identityCases(action, ctx, { set: 'medium' }).map((c) => [member, c]),
      ...identityCases(action, ctx).map((c) => [owner, c]),
    ];
    await check(action, await pool(signedIn, CONCURRENCY, send(action)), EMPTY_FORM_IS_VALID[action.name]);
  }
  const actionRequests = results.length;
  say(`actions: ${actionRequests} requests in ${((performance.now() - phaseStart) / 1000).toFixed(1)} s`);

  // ---- GET routes -------------------------------------------------------------------------------
  for (const [client, page] of [
    [member, '/settings/profile'],
    [owner, '/org-settings/users'],
  ]) {
    const res = await client.send(page);
    if (res.status !== 200) fail(`${client.name} lost their session during the action fuzz (${page}: ${res.status})`);
  }
  const getQuery = await snapshotQuery(sql, { extraAuditActions: READ_AUDIT_ACTIONS });
  const beforeGets = await snapshot(sql, getQuery);
  const QUERIES = queriesFor(ids);
  const getStart = performance.now();
  const get = async ([client, url]) => {
    const res = await client.send(url);
    record(
      client.name,
      'get',
      `GET ${url.length > 300 ? `${url.slice(0, 300)}… (${url.length} chars)` : url}`,
      { label: 'GET' },
      res,
    );
    return res;
  };
  // Which routes a visitor without a session may see: their odd queries go signed out, those of
  // the others (sent to the sign-in page by the proxy) as the owner, who sees most of the app.
  const statics = manifestRoutes.filter((r) => expandRoute(r, ids).length === 1);
  const open = new Set();
  await pool(statics, CONCURRENCY, async (route) => {
    const res = await get([anon, route]);
    if (!(res.status === 307 && res.headers.get('location')?.includes('/sign-in'))) open.add(route);
  });
  const every = (n, from) => QUERIES.filter((_, i) => i % n === from);
  const targets = [];
  for (const route of manifestRoutes) {
    const expansions = expandRoute(route, ids);
    if (expansions.length === 1) {
      const [main, others] = open.has(route) ? [anon, [owner, member]] : [owner, [member, anon]];
      for (const q of QUERIES) if (q || main !== anon) targets.push([main, `${route}${q}`]);
      for (const q of every(5, 0)) targets.push([others[0], `${route}${q}`]);
      for (const q of every(8, 2)) targets.push([others[1], `${route}${q}`]);
      continue;
    }
    expansions.forEach(({ path: p, fine }, n) => {
      // A fine id gets every odd query as the owner; odd ids get a plain request each.
      for (const q of fine ? QUERIES : QUERIES.slice(0, 1)) targets.push([owner, `${p}${q}`]);
      if (fine || n % 2 === 0) targets.push([member, p]);
      if (fine || n % 3 === 0) targets.push([anon, p]);
    });
  }
  await pool(targets, CONCURRENCY, get);
  const getChanged = changedTables(beforeGets, await snapshot(sql, getQuery));
  if (getChanged.length) dbFailures.push(`GET requests changed ${getChanged.map((t) => t.text).join(', ')}`);
  say(`GET: ${results.length - actionRequests} requests in ${((performance.now() - getStart) / 1000).toFixed(1)} s`);

  // ---- parameterless actions, signed in (each identity on a session of its own) ------------------
  baseline = await snapshot(sql, query);
  const noArgActions = actions
    .filter((a) => actionShape(a.id).noArgs)
    .sort((a, b) => /sign.?out|end/i.test(a.name) - /sign.?out|end/i.test(b.name));
  for (const [email, name] of [
    [MEMBER, 'member'],
    [OWNER, 'owner'],
  ]) {
    const client = new Client(BASE, `${name} (own session)`);
    await signIn(client, email);
    for (const action of noArgActions) {
      for (const c of identityCases(action, ctx).filter(
        (x) => x.label === 'fetch: text/plain []' || x.label === 'form: no fields',
      )) {
        const res = await client.send(action.page, { method: 'POST', headers: c.headers, body: c.body });
        record(client.name, 'action', `POST ${action.page} (${action.name})`, c, res);
      }
    }
  }
  const noArgChanged = changedTables(baseline, await snapshot(sql, query));
  const outside = noArgChanged.filter((t) => !NO_ARG_ACTION_TABLES.includes(t.name));
  if (outside.length) dbFailures.push(`parameterless actions changed ${outside.map((t) => t.text).join(', ')}`);

  const health = await fetch(`${BASE}/api/health`).then(
    (r) => r.status,
    () => 0,
  );
  if (health !== 200)
    failures.push({
      identity: '-',
      target: 'GET /api/health after the fuzz',
      request: { label: 'GET' },
      status: health,
    });

  // ---- summary ----------------------------------------------------------------------------------
  const tally = {};
  for (const r of results) {
    const key = `${r.kind} ${r.identity}`;
    tally[key] ??= {};
    tally[key][r.status] = (tally[key][r.status] ?? 0) + 1;
  }
  const gets = results.filter((r) => r.kind === 'get').length;
  console.log(
    `\nfuzz: ${results.length} requests (${results.length - gets} to ${actions.length} actions, ${gets} GETs over ${manifestRoutes.length} routes) in ${elapsed()}, seed ${SEED}`,
  );
  for (const [key, statuses] of Object.entries(tally).sort()) {
    console.log(
      `  ${key.padEnd(30)} ${Object.entries(statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
  }
  for (const note of notes) console.log(`  note: ${note}`);
  const slowest = results.toSorted((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(
    `  slowest: ${slowest.map((r) => `${Math.round(r.ms)} ms ${r.target.slice(0, 80)} ${r.label === 'GET' ? '' : `(${r.label}) `}as ${r.identity}`).join('; ')}`,
  );
  if (failures.length || dbFailures.length) {
    console.log(`\nfuzz: ${failures.length} failing requests, ${dbFailures.length} database changes`);
    // Grouped by kind of request: printed once (the action id as <id>), then every target that
    // failed on it with the identities it failed for.
    const groups = new Map();
    for (const f of failures) {
      const example =
        f.request.headers?.['next-action'] ?? /\$ACTION_ID_([0-9a-f]+)/.exec(preview(f.request.body))?.[1];
      const key = example ? describe(f.request).replaceAll(example, '<id>') : describe(f.request);
      if (!groups.has(key)) groups.set(key, new Map());
      const line = `${f.status || f.error} ${f.target}`;
      const byTarget = groups.get(key);
      if (!byTarget.has(line)) byTarget.set(line, { identities: [], reply: f.reply });
      byTarget.get(line).identities.push(f.identity);
    }
    for (const [request, byTarget] of groups) {
      console.log(`- ${request}`);
      for (const [line, { identities, reply }] of byTarget) {
        console.log(
          `    ${line} as ${identities.join(', ')}${reply && !reply.startsWith('0:') ? ` → ${JSON.stringify(reply.slice(0, 100))}` : ''}`,
        );
      }
    }
    for (const d of dbFailures) console.log(`- database: ${d}`);
    // What the server said about them: its error lines, each once.
    const errors = [
      ...new Set(
        serverLog()
          .split('\n')
          .filter((l) => /⨯|"level":(50|60)|^\s*\[cause\]/.test(l))
          .map((l) => l.slice(0, 300)),
      ),
    ];
    if (errors.length)
      console.log(`\nserver log (${errors.length} distinct error lines):\n${errors.slice(0, 30).join('\n')}`);
    return 1;
  }
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`fuzz: ${error.message}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
