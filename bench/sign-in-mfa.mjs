#!/usr/bin/env node
/**
 * Sign-in with two factors. On a fresh server: set up and sign in, turn on two-factor
 * authentication through /settings/security (the manual key is read off the page and the code
 * computed as an authenticator app would), then time sequential sign-ins that each post the
 * password form and then the second-factor form with a backup code. Backup codes are single-use:
 * when the ten are spent, the session signed in with the last one regenerates them. Then a few
 * sign-ins with TOTP codes, each in a new 30-second step (a code is accepted once).
 * `npm run build` first.
 *
 *   npm run bench:sign-in-mfa
 *   BENCH_SIGN_INS=30 BENCH_TOTP=5   (defaults; BENCH_TOTP=0 skips the TOTP sign-ins, which wait
 *                                     up to 30 s each)
 *   BENCH_DATABASE_URL=postgres://127.0.0.1:5432/postgres   also run on a fresh PostgreSQL database
 *
 * Not with BENCH_URL: this turns two-factor authentication on for the account it signs in with.
 */
import os from 'node:os';

import { describeFailure, postForm, sessionCookieFrom } from './lib/forms.mjs';
import { benchAccount, postSignIn, prepareSignIn, tail, withSignedInServer } from './lib/server.mjs';
import { envInt, loadAverage, mean, ms, percentile, since } from './lib/stats.mjs';
import {
  assertPosted,
  backupCodesFrom,
  getSignedIn,
  hiddenInputsOf,
  manualKeyFrom,
  postSignedIn,
  sameOriginPath,
  TOTP_PERIOD_SECONDS,
  totpCode,
  totpStep,
} from './lib/two-factor.mjs';

if (process.env.BENCH_URL) {
  console.error(
    'bench/sign-in-mfa.mjs turns on two-factor authentication for the account it uses, so it only runs on a server it starts itself: unset BENCH_URL.',
  );
  process.exit(2);
}

const signInCount = envInt('BENCH_SIGN_INS', 30);
const totpCount = (() => {
  const raw = process.env.BENCH_TOTP;
  if (raw === undefined || raw === '') return 5;
  const n = Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || n < 0 || String(n) !== raw.trim())
    throw new Error(`BENCH_TOTP must be 0 or a positive integer, got "${raw}".`);
  return n;
})();

const SECURITY = '/settings/security';
const BACKUP_CODE_COUNT = 10;
const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;
/** Start a TOTP sign-in this long into a fresh step, so it does not straddle two steps. */
const STEP_MARGIN_MS = 500;

const sleep = (t) => new Promise((resolve) => setTimeout(resolve, t));

function summary(values) {
  return `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, mean ${ms(mean(values))}, max ${ms(Math.max(...values))} (n=${values.length})`;
}

function failed(what, server, detail) {
  return new Error(`${what} (${detail}).${server.output ? `\n${tail(server.output)}` : ''}`);
}

/** Set up two-factor authentication in the signed-in session: returns the key and ten backup codes. */
async function turnOnTwoFactor(server, cookie) {
  let page = await getSignedIn(server, SECURITY, cookie);
  const begin = await postSignedIn(
    server,
    SECURITY,
    cookie,
    hiddenInputsOf(page.html, { button: 'Set up two-factor authentication' }),
  );
  assertPosted('Starting two-factor setup', begin);

  page = await getSignedIn(server, SECURITY, begin.cookie);
  const key = manualKeyFrom(page.html);
  const now = Date.now();
  const enable = await postSignedIn(server, SECURITY, begin.cookie, hiddenInputsOf(page.html, { field: 'code' }), {
    code: totpCode(key, now),
    password: benchAccount.password,
  });
  assertPosted('Enabling two-factor authentication', enable);

  page = await getSignedIn(server, SECURITY, enable.cookie);
  const codes = backupCodesFrom(page.html);
  if (codes.length !== BACKUP_CODE_COUNT) {
    throw failed('Two-factor authentication did not turn on', server, `${codes.length} backup codes on ${SECURITY}`);
  }
  return { key, codes, step: totpStep(now) };
}

/** Post "Regenerate backup codes" in a signed-in session and read the ten new codes. */
async function regenerateCodes(server, cookie, spent) {
  let page = await getSignedIn(server, SECURITY, cookie);
  const result = await postSignedIn(
    server,
    SECURITY,
    cookie,
    hiddenInputsOf(page.html, { field: 'password', button: 'Regenerate backup codes' }),
    {
      password: benchAccount.password,
    },
  );
  assertPosted('Regenerating backup codes', result);
  page = await getSignedIn(server, SECURITY, result.cookie);
  const codes = backupCodesFrom(page.html);
  if (codes.length !== BACKUP_CODE_COUNT || codes.some((code) => spent.has(code))) {
    throw failed(
      'Regenerating backup codes did not give ten new codes',
      server,
      `${codes.length} codes on ${SECURITY}`,
    );
  }
  return codes;
}

/**
 * One sign-in with two factors. Timed: the password POST, the second-factor POST, and the whole
 * flow (both POSTs and the GET of /sign-in/mfa between them). The sign-in form is fetched first,
 * untimed. `secondFactor()` gives the code just before it is posted.
 */
async function twoFactorSignIn(server, secondFactor) {
  const entries = await prepareSignIn(server);
  const flowStart = process.hrtime.bigint();
  const first = await postSignIn(server, entries);
  const mfaPath = first.location ? sameOriginPath(server, first.location) : '';
  if (!mfaPath.startsWith('/sign-in/mfa')) {
    throw failed('The password step did not lead to the second factor', server, `→ ${first.location}`);
  }
  const page = await getSignedIn(server, mfaPath, first.cookie);
  const hidden = [...hiddenInputsOf(page.html, { field: 'code' }), ['code', secondFactor()]];

  const start = process.hrtime.bigint();
  const second = await postForm(server.baseUrl, mfaPath, server.origin, hidden, { cookie: first.cookie });
  const secondMs = since(start);
  const flowMs = since(flowStart);

  const cookie = sessionCookieFrom(second.setCookies);
  const to = second.location ? sameOriginPath(server, second.location) : '';
  if (second.status !== 303 || !cookie || !to.startsWith('/settings/')) {
    throw failed('The second-factor step failed', server, describeFailure(second));
  }
  return { passwordMs: first.ms, secondMs, bothMs: first.ms + secondMs, flowMs, cookie };
}

function report(label, results) {
  console.log(`${label}:`);
  console.log(`  (a) password POST       ${summary(results.map((r) => r.passwordMs))}`);
  console.log(`  (b) second-factor POST  ${summary(results.map((r) => r.secondMs))}`);
  console.log(`  (c) both POSTs (a + b)  ${summary(results.map((r) => r.bothMs))}`);
  console.log(`      whole flow, with GET /sign-in/mfa  ${summary(results.map((r) => r.flowMs))}`);
}

console.log(
  `Sign-in with two factors: ${signInCount} with backup codes, ${totpCount} with TOTP codes ` +
    `(Node ${process.version}, ${os.cpus().length} CPUs, ROSTER_JOBS=${process.env.ROSTER_JOBS ?? 'on'}, ${loadAverage()}, ${new Date().toISOString()})`,
);

async function run(label, options) {
  console.log(`\n== ${label} (${loadAverage()}, ${new Date().toISOString()})`);
  await withSignedInServer(options, async ({ server, cookie }) => {
    const setup = await turnOnTwoFactor(server, cookie);
    console.log('Two-factor authentication on (10 backup codes).');

    const codes = [...setup.codes];
    const spent = new Set();
    let lastCookie = cookie;
    let regenerations = 0;
    const backupResults = [];
    // One warm-up sign-in (not counted), then the measured ones; bounded by signInCount + 1.
    for (let i = 0; i <= signInCount; i++) {
      if (codes.length === 0) {
        // All ten spent: the session signed in with the last one regenerates them (not timed).
        codes.push(...(await regenerateCodes(server, lastCookie, spent)));
        regenerations++;
      }
      const code = codes.shift();
      spent.add(code);
      const result = await twoFactorSignIn(server, () => code);
      lastCookie = result.cookie;
      if (i > 0) backupResults.push(result);
    }
    report(
      `Sign-in with a backup code (${regenerations} regeneration${regenerations === 1 ? '' : 's'} between, not timed)`,
      backupResults,
    );

    if (totpCount === 0) return;
    const totpResults = [];
    let lastStep = setup.step;
    console.log(
      `TOTP: ${totpCount} sign-ins, each in a new ${TOTP_PERIOD_SECONDS}-s step (waits up to ${TOTP_PERIOD_SECONDS} s each) …`,
    );
    for (let i = 0; i < totpCount; i++) {
      const waitMs = (lastStep + 1) * PERIOD_MS + STEP_MARGIN_MS - Date.now();
      if (waitMs > PERIOD_MS + STEP_MARGIN_MS)
        throw new Error(`Clock went backwards? Would wait ${Math.round(waitMs)} ms.`);
      if (waitMs > 0) await sleep(waitMs);
      let usedStep = null;
      const result = await twoFactorSignIn(server, () => {
        const now = Date.now();
        usedStep = totpStep(now);
        return totpCode(setup.key, now);
      });
      lastStep = usedStep;
      totpResults.push(result);
    }
    report('Sign-in with a TOTP code', totpResults);
  });
}

await run('PGlite', {});
if (process.env.BENCH_DATABASE_URL) {
  await run('PostgreSQL', { adminUrl: process.env.BENCH_DATABASE_URL });
}
