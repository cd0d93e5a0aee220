// PostgreSQL stops and starts again under a running production build; no acknowledged write may
// be lost and no request may answer 500. Uses a private cluster (initdb in a temporary folder,
// its own port), so the machine's own PostgreSQL and whatever else uses it are not touched.
//   node scripts/smoke-db-restart.mjs            (the build in NEXT_DIST_DIR, default .next)
//
// The loop creates groups named "Write 1" … "Write N" one after another through the no-JavaScript
// form (a 303 to the new group is the acknowledgement); PostgreSQL is stopped at write 15 and
// started again at write 30. Afterwards every acknowledged group must exist, and while the
// database was down the form answered "try again" in the page and pages led to the 503 page.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const WRITES = 45;
const STOP_AT = 15;
const START_AT = 30;
const PG_PORT = Number(process.env.RESTART_PG_PORT || 5499);
const APP_PORT = Number(process.env.RESTART_APP_PORT || 3296);
const base = `http://localhost:${APP_PORT}`;
const dist = process.env.NEXT_DIST_DIR || '.next';
const TRY_AGAIN = 'The service is briefly unavailable. Nothing was saved. Try again in a moment.';

if (!existsSync(path.join(dist, 'BUILD_ID'))) throw new Error(`no production build in ${dist} (run: npx next build)`);
const bin = readdirSync('/usr/lib/postgresql')
  .map((version) => `/usr/lib/postgresql/${version}/bin`)
  .find((dir) => existsSync(`${dir}/initdb`));
if (!bin) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql');

const work = mkdtempSync(path.join(tmpdir(), 'roster-restart-'));
const pgdata = path.join(work, 'pgdata');
const root = process.getuid?.() === 0;
if (root) {
  // initdb refuses to run as root: the cluster belongs to the postgres user.
  const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout);
  const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout);
  chownSync(work, uid, gid);
  chmodSync(work, 0o700);
}

/** Runs a PostgreSQL tool as the cluster's owner; throws with its output when it fails. */
function pg(tool, ...args) {
  const command = root ? ['runuser', ['-u', 'postgres', '--', `${bin}/${tool}`, ...args]] : [`${bin}/${tool}`, args];
  const result = spawnSync(command[0], command[1], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stdout}${result.stderr}`);
}
const pgStart = () =>
  pg(
    'pg_ctl',
    '-D',
    pgdata,
    '-l',
    path.join(work, 'postgres.log'),
    '-w',
    '-o',
    `-p ${PG_PORT} -k ${work} -c listen_addresses=127.0.0.1`,
    'start',
  );
const pgStop = () => pg('pg_ctl', '-D', pgdata, '-m', 'fast', '-w', 'stop');

let app;
const appLog = [];
function cleanup() {
  if (app) {
    try {
      process.kill(-app.pid, 'SIGTERM');
    } catch {}
  }
  try {
    pgStop();
  } catch {}
  rmSync(work, { recursive: true, force: true });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const decode = (s) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

let cookie = '';
async function request(url, init = {}) {
  const response = await fetch(`${base}${url}`, {
    ...init,
    redirect: 'manual',
    headers: { ...init.headers, cookie, origin: base, 'accept-language': 'en' },
  });
  const set = response.headers.getSetCookie?.() ?? [];
  for (const line of set) {
    const pair = line.split(';')[0];
    if (pair.includes('session')) cookie = pair;
  }
  return { status: response.status, location: response.headers.get('location') ?? '', text: await response.text() };
}

/** The hidden server-action fields of the page's form that holds `field`. */
async function formFields(url, field) {
  const page = await request(url);
  if (page.status !== 200) throw new Error(`GET ${url}: ${page.status}`);
  const form = [...page.text.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
    .map((m) => m[1])
    .find((f) => f.includes(`name="${field}"`));
  if (!form) throw new Error(`no form with ${field} on ${url}`);
  const fields = [];
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (name && /type="hidden"/.test(tag)) fields.push([decode(name), decode(/value="([^"]*)"/.exec(tag)?.[1] ?? '')]);
  }
  return fields;
}

function post(url, hidden, visible) {
  const body = new FormData();
  for (const [name, value] of hidden) body.append(name, value);
  for (const [name, value] of Object.entries(visible)) body.set(name, value);
  return request(url, { method: 'POST', body });
}

try {
  pg('initdb', '-D', pgdata, '-A', 'trust', '-U', 'postgres', '--no-instructions');
  pgStart();
  const url = `postgres://postgres@127.0.0.1:${PG_PORT}/postgres`;
  app = spawn('npx', ['next', 'start', '-p', String(APP_PORT)], {
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: url,
      AUTH_SECRET: 'restart-secret-0123456789abcdef',
      NODE_ENV: 'production',
      NEXT_DIST_DIR: dist,
      APP_URL: base,
      LOG_LEVEL: 'warn',
      ROSTER_DATA_DIR: path.join(tmpdir(), `roster-restart-data-${process.pid}`),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout.on('data', (chunk) => appLog.push(String(chunk)));
  app.stderr.on('data', (chunk) => appLog.push(String(chunk)));
  for (let i = 0; ; i++) {
    const health = await fetch(`${base}/api/health`).catch(() => null);
    if (health?.ok) break;
    if (i > 120) throw new Error('the app did not become healthy');
    await sleep(500);
  }

  const password = 'Rest4rt!Passw0rd-x';
  const setup = await post('/setup', await formFields('/setup', 'orgName'), {
    orgName: 'Restart',
    firstName: 'Rita',
    lastName: 'Owner',
    email: 'owner@restart.test',
    password,
    confirmPassword: password,
  });
  if (setup.status !== 303 || !cookie) throw new Error(`setup answered ${setup.status} without a session`);

  const form = await formFields('/org-settings/groups/new', 'description');
  const acknowledged = [];
  const answers = { created: 0, tryAgain: 0, other: [] };
  const timings = [];
  let unavailablePage = null;
  for (let i = 1; i <= WRITES; i++) {
    if (i === STOP_AT) {
      pgStop();
      // A page while the database is down leads to the 503 page, which says so.
      const page = await request('/settings/profile');
      const target = page.location
        ? await request(new URL(page.location, base).pathname + new URL(page.location, base).search)
        : null;
      unavailablePage = { status: page.status, location: page.location, targetStatus: target?.status };
    }
    if (i === START_AT) pgStart();
    const started = Date.now();
    const answer = await post('/org-settings/groups/new', form, {
      name: `Write ${i}`,
      type: 'team',
      visibility: 'public',
      description: '',
    });
    const alert = answer.status === 200 ? decode(/<p role="alert"[^>]*>([^<]*)<\/p>/.exec(answer.text)?.[1] ?? '') : '';
    timings.push(Date.now() - started);
    if (
      answer.status === 303 &&
      /^\/org-settings\/groups\/[0-9a-f-]{36}/.test(new URL(answer.location, base).pathname)
    ) {
      answers.created++;
      acknowledged.push(`Write ${i}`);
    } else if (answer.status === 200 && alert === TRY_AGAIN) {
      answers.tryAgain++;
    } else if (
      (answer.status === 303 || answer.status === 307) &&
      new URL(answer.location, base).pathname === '/unavailable'
    ) {
      // The action answered "try again"; the page around it could not be rendered either.
      answers.tryAgain++;
    } else {
      answers.other.push({ i, status: answer.status, location: answer.location, alert });
    }
    await sleep(100);
  }

  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const stored = new Set((await sql`select name from groups`).map((row) => row.name));
  await sql.end();
  const lost = acknowledged.filter((name) => !stored.has(name));
  const summary = {
    writes: WRITES,
    ...answers,
    other: answers.other.length,
    stored: stored.size,
    lost: lost.length,
    unavailablePage,
    slowestMs: Math.max(...timings),
  };
  console.log(`restart: ${JSON.stringify(summary)}`);
  const problems = [];
  if (lost.length) problems.push(`acknowledged writes lost: ${lost.join(', ')}`);
  if (answers.other.length) problems.push(`unexpected answers: ${JSON.stringify(answers.other)}`);
  if (answers.tryAgain === 0) problems.push('no write was answered "try again" while PostgreSQL was stopped');
  if (!acknowledged.includes(`Write ${WRITES}`)) problems.push('writes did not succeed again after PostgreSQL started');
  if (!acknowledged.includes(`Write ${STOP_AT - 1}`)) problems.push('writes before the stop did not succeed');
  if (
    unavailablePage?.status !== 307 ||
    !unavailablePage.location.includes('/unavailable') ||
    unavailablePage.targetStatus !== 503
  ) {
    problems.push(`a page while the database was down: ${JSON.stringify(unavailablePage)}`);
  }
  const log = appLog.join('');
  if (/"level":50|"statusCode":500|⨯/.test(log)) problems.push('errors in the server log');
  if (problems.length) {
    console.error(log);
    console.error(readFileSync(path.join(work, 'postgres.log'), 'utf8').slice(-4000));
    throw new Error(problems.join('\n'));
  }
  console.log('restart: no acknowledged write lost, no 500');
} finally {
  cleanup();
}
