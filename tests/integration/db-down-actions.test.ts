import net from 'node:net';
import { and, DrizzleQueryError, eq, gte } from 'drizzle-orm';
import { notFound, redirect } from 'next/navigation';
import { NextRequest } from 'next/server';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { updateStatus } from '@/app/(account)/settings/availability/actions';
import { retryMail } from '@/app/dev/mailbox/actions';
import { GET as getFile } from '@/app/files/[id]/route';
import { sendResetLink } from '@/app/forgot-password/actions';
import ResetPasswordPage from '@/app/reset-password/[token]/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { GET as unavailableGet } from '@/app/unavailable/route';
import { getDb, openPostgres, setDbHandle, type DbHandle } from '@/db';
import { auditLog, mailOutbox, passwordResetTokens, users } from '@/db/schema';
import { databaseUnavailableCause } from '@/db/unavailable';
import { getSessionIfReachable, requireUser } from '@/lib/auth/current';
import { orUnavailable } from '@/lib/http/unavailable';
import { getRequestIntl } from '@/lib/i18n/server';
import { enqueueMail } from '@/lib/mail/outbox';
import { requestPasswordReset } from '@/lib/security/password-reset';
import { isSetupDone } from '@/lib/setup/setup';

import { TestClient } from '../support/client';
import { openPgliteCopy, openTestDatabase } from '../support/database';
import { createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

const TRY_AGAIN = 'The service is briefly unavailable. Nothing was saved. Try again in a moment.';
const SAME_ANSWER =
  'If an account exists for that address, we sent it a link to reset the password. The link is valid for 30 minutes.';
const EMAIL = 'alice@db-down.test';

let database: { handle: DbHandle; close: () => Promise<void> };
let orgId: string;
let userId: string;
let failedMailId: string;
let browser: TestClient;
let startedAt: Date;
let closedPglite: DbHandle;

/** Everything an action could have written about Alice since the test file started. */
async function written() {
  const db = await getDb();
  return {
    tokens: await db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, userId)),
    mail: await db.select().from(mailOutbox).where(eq(mailOutbox.to, EMAIL)),
    audit: (
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, orgId), gte(auditLog.createdAt, startedAt)))
    )
      .map((a) => a.action)
      .sort(),
    user: (await db.select().from(users).where(eq(users.id, userId)))[0],
    failedMail: (await db.select().from(mailOutbox).where(eq(mailOutbox.id, failedMailId)))[0],
  };
}

/** Runs `fn` with the app's database handle swapped for `down`, then puts the real one back. */
async function whileDown<T>(opened: DbHandle | Promise<DbHandle>, fn: () => Promise<T>): Promise<T> {
  const down = await opened;
  setDbHandle(down);
  try {
    return await fn();
  } finally {
    setDbHandle(database.handle);
    await down.close().catch(() => {});
  }
}

/** What the actions answer while the database cannot be reached; none of them may throw. */
async function expectTryAgainEverywhere() {
  const stranger = new TestClient('203.0.113.99');
  for (const email of [EMAIL, 'nobody@db-down.test']) {
    const { result } = await stranger.action(sendResetLink, { email });
    expect(result, email).toMatchObject({ status: 'error', message: TRY_AGAIN, values: { email } });
  }
  const signIn = await stranger.action(signInWithPassword, { email: EMAIL, password: STRONG_PASSWORD });
  // Answered in the form, which keeps what was typed except the password.
  expect(signIn).toEqual({
    result: expect.objectContaining({ status: 'error', message: TRY_AGAIN, values: { email: EMAIL } }),
  });
  expect((await browser.action(updateStatus, { availability: 'unavailable' })).result).toMatchObject({
    status: 'error',
    message: TRY_AGAIN,
  });
  expect((await browser.action(retryMail, { mailId: failedMailId })).result).toMatchObject({
    status: 'error',
    message: TRY_AGAIN,
  });
}

async function expectNothingWritten() {
  const now = await written();
  expect(now.tokens).toEqual([]);
  expect(now.mail).toEqual([]);
  expect(now.audit).toEqual([]);
  expect(now.user.availability).toBe('online');
  expect(now.failedMail).toMatchObject({ status: 'failed', attempts: 9 });
}

beforeAll(async () => {
  database = await openTestDatabase();
  const { org, user } = await createOrgWithUser({ orgName: 'Down Co', email: EMAIL, role: 'owner' });
  orgId = org.id;
  userId = user.id;
  const db = await getDb();
  failedMailId = await enqueueMail(db, { orgId, to: 'someone@db-down.test', subject: 'Stuck', text: 'x' });
  await db
    .update(mailOutbox)
    .set({ status: 'failed', attempts: 9, createdAt: new Date(Date.now() - 4 * 86_400_000) })
    .where(eq(mailOutbox.id, failedMailId));
  browser = new TestClient();
  expect((await browser.action(signInWithPassword, { email: EMAIL, password: STRONG_PASSWORD })).redirect).toBe(
    '/settings/profile',
  );
  // Opened here: starting an embedded database takes a while, more than a test should.
  closedPglite = await openPgliteCopy();
  await closedPglite.close();
  startedAt = new Date();
});

afterAll(async () => {
  await database?.close();
});

describe('actions while the database is down', () => {
  it('answer "try again" instead of throwing when the server refuses connections, and write nothing', async () => {
    // Port 1: nothing listens, so every connection is refused, as when PostgreSQL is down.
    await whileDown(await openPostgres('postgres://postgres@127.0.0.1:1/roster', 2), expectTryAgainEverywhere);
    await expectNothingWritten();
  });

  it('answer "try again" when the embedded database has been closed', async () => {
    await whileDown(closedPglite, expectTryAgainEverywhere);
    await expectNothingWritten();
  });

  it('still answer an unknown address with the usual sentence once the database is back', async () => {
    const { result } = await new TestClient('203.0.113.98').action(sendResetLink, { email: 'nobody@db-down.test' });
    expect(result).toMatchObject({ status: 'success', message: SAME_ANSWER });
  });
});

/** Pages rendered while the database is down, as after a form posted without JavaScript. */
async function expectPagesSentToUnavailable() {
  browser.path = '/settings/availability';
  expect(await browser.run(() => requireUser())).toEqual({ redirect: '/unavailable?from=%2Fsettings%2Favailability' });
  // The action itself answers in the form; only the page around it goes to the 503 page.
  expect((await browser.action(updateStatus, { availability: 'offline' })).result).toMatchObject({
    message: TRY_AGAIN,
  });
  const visitor = new TestClient('203.0.113.97');
  visitor.acceptLanguage = 'de-DE,de;q=0.9';
  // What every page shares falls back to the visitor's view and the browser's language.
  expect(await browser.run(getSessionIfReachable)).toEqual({ result: null });
  expect((await visitor.run(getRequestIntl)).result).toEqual({ locale: 'de', timeZone: 'UTC' });
  visitor.path = '/sign-in';
  // What the sign-in page asks first (`connection()` keeps the page itself out of a test).
  expect(await visitor.run(() => orUnavailable(async () => isSetupDone(await getDb())))).toEqual({
    redirect: '/unavailable?from=%2Fsign-in',
  });
  visitor.path = '/reset-password/abc123secretabc123secret';
  // A secret link does not travel in the address of another page.
  expect(
    await visitor.run(() => ResetPasswordPage({ params: Promise.resolve({ token: 'abc123secretabc123secret' }) })),
  ).toEqual({ redirect: '/unavailable' });
  // A route handler sets its own status: 503 with Retry-After.
  const file = await browser.run(() =>
    getFile(new Request('http://localhost:3000/files/x'), { params: Promise.resolve({ id: crypto.randomUUID() }) }),
  );
  expect(file.result?.status).toBe(503);
  expect(file.result?.headers.get('retry-after')).toBe('5');
  browser.path = undefined;
}

describe('pages while the database is down', () => {
  it('go to the 503 page instead of failing, on PostgreSQL refusing connections and on a closed embedded database', async () => {
    await whileDown(await openPostgres('postgres://postgres@127.0.0.1:1/roster', 2), expectPagesSentToUnavailable);
    await whileDown(await openPgliteCopy().then(async (h) => (await h.close(), h)), expectPagesSentToUnavailable);
    await expectNothingWritten();
  });

  it('the 503 page answers Retry-After in the browser’s language and links back only to a page of ours', async () => {
    const answer = (query: string, language = 'en') =>
      unavailableGet(
        new NextRequest(`http://localhost:3000/unavailable${query}`, { headers: { 'accept-language': language } }),
      );
    const page = await answer('?from=%2Fsettings%2Favailability');
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<h1>Roster is briefly unavailable</h1>');
    expect(html).toContain('<a href="/settings/availability">Try again</a>');
    expect(await (await answer('', 'de')).text()).toContain('<a href="/">Erneut versuchen</a>');
    for (const from of ['//evil.test/x', 'https://evil.test', '/\\evil.test', '/invite/secret', '"><script>']) {
      expect(await (await answer(`?from=${encodeURIComponent(from)}`)).text(), from).toContain(
        '<a href="/">Try again</a>',
      );
    }
  });
});

type Failure = 'cut' | 'terminate' | 'terminateWhileWaiting';

describe('what counts as the database being out of reach', () => {
  const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
  const thrown = (fn: () => never) => {
    try {
      fn();
    } catch (error) {
      return error;
    }
  };

  it('connection failures, shutdowns and connection exceptions, also inside Drizzle and AggregateError', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECT_TIMEOUT',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08001',
    ]) {
      expect(databaseUnavailableCause(coded(code)), code).not.toBeNull();
    }
    expect(databaseUnavailableCause(new DrizzleQueryError('select 1', [], coded('57P01')))).toMatchObject({
      code: '57P01',
    });
    expect(
      databaseUnavailableCause(Object.assign(new AggregateError([coded('ECONNREFUSED')]), { code: undefined })),
    ).toMatchObject({ code: 'ECONNREFUSED' });
    expect(databaseUnavailableCause(new Error('PGlite is closed'))).not.toBeNull();
  });

  it('not what the request did wrong, nor a bug, nor Next’s redirect and 404 signals', () => {
    for (const error of [
      coded('23505', 'duplicate key value violates unique constraint'),
      coded('22P02', 'invalid input syntax for type uuid'),
      coded('40P01', 'deadlock detected'),
      new DrizzleQueryError('insert', [], coded('23503')),
      new TypeError('x is undefined'),
      thrown(() => redirect('/sign-in')),
      thrown(() => notFound()),
      'ECONNREFUSED',
      null,
    ]) {
      expect(databaseUnavailableCause(error), String(error)).toBeNull();
    }
  });
});

/**
 * A TCP relay in front of the test database that fails the connection which sends `pattern`
 * (a statement's SQL text): it cuts the socket; or has PostgreSQL end the backend
 * (pg_terminate_backend) before passing the statement on; or passes it on and ends the backend
 * while the statement waits for a lock, so the server itself answers 57P01.
 */
async function relay(upstreamUrl: URL, pattern: string, how: Failure) {
  const sockets = new Set<net.Socket>();
  const upstreamPort = Number(upstreamUrl.port || 5432);
  let fired = false;
  /** The backends behind this relay only: the test's own connections to the database stay up. */
  async function terminateBackends(whenWaiting: boolean) {
    const ports = [...sockets]
      .filter((s) => s.remotePort === upstreamPort)
      .flatMap((s) => (s.localPort ? [s.localPort] : []));
    const ours = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      while (
        whenWaiting &&
        !(await ours`select 1 from pg_stat_activity where client_port = any(${ports}) and wait_event_type = 'Lock'`)
          .length
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await ours`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${upstreamUrl.pathname.slice(1)} and client_port = any(${ports})`;
    } finally {
      await ours.end();
    }
  }
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, upstreamUrl.hostname);
    sockets.add(client).add(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', cut).on('close', cut);
    // What the server said last (such as the error ending the backend) still reaches the client.
    upstream.on('error', cut).on('close', () => client.end());
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('data', (chunk: Buffer) => {
      if (fired || !chunk.includes(pattern)) return void upstream.write(chunk);
      fired = true;
      if (how === 'cut') return cut();
      if (how === 'terminateWhileWaiting') {
        upstream.write(chunk);
        return void terminateBackends(true);
      }
      client.pause();
      void terminateBackends(false).then(() => {
        upstream.write(chunk);
        client.resume();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(upstreamUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    get fired() {
      return fired;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * postgres.js (3.4.9) answers a transaction whose connection is gone with CONNECTION_CLOSED, then
 * writes its own ROLLBACK on the dead socket from a timer and throws a TypeError that no caller
 * can catch. Next's server logs uncaught exceptions instead of exiting, and so does this, around
 * `fn`; any other uncaught error still reaches the test runner.
 */
async function asNextServerDoes<T>(fn: () => Promise<T>): Promise<T> {
  const runner = process.listeners('uncaughtException');
  const libraryDefect = (error: unknown) =>
    error instanceof TypeError && /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? '');
  const listener = (error: Error, origin: NodeJS.UncaughtExceptionOrigin) => {
    if (!libraryDefect(error)) for (const l of runner) l(error, origin);
  };
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', listener);
  try {
    const result = await fn();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return result;
  } finally {
    process.removeListener('uncaughtException', listener);
    for (const l of runner) process.on('uncaughtException', l);
  }
}

describe.skipIf(!process.env.DATABASE_URL)(
  'actions whose PostgreSQL connection is lost mid-transaction',
  { timeout: 90_000 },
  () => {
    async function throughRelay<T>(pattern: string, how: Failure, fn: () => Promise<T>) {
      const proxy = await relay(new URL(database.handle.url!), pattern, how);
      try {
        const result = await asNextServerDoes(() => whileDown(openPostgres(proxy.url, 2), fn));
        expect(proxy.fired, `${how} on ${pattern}`).toBe(true);
        return result;
      } finally {
        await proxy.close();
      }
    }

    it('forgot password says "try again" when storing the link fails, and the earlier link stays as it was', async () => {
      const db = await getDb();
      expect(await requestPasswordReset(db, EMAIL, { ip: '203.0.113.5', userAgent: 'test', requestId: null })).toBe(
        true,
      );
      const before = await written();
      expect(before.tokens).toHaveLength(1);
      for (const how of ['cut', 'terminate'] as const) {
        const { result } = await throughRelay('insert into "password_reset_tokens"', how, () =>
          new TestClient(`203.0.113.${how === 'cut' ? 20 : 21}`).action(sendResetLink, { email: EMAIL }),
        );
        expect(result, how).toMatchObject({ status: 'error', message: TRY_AGAIN, values: { email: EMAIL } });
        // The transaction was rolled back: the old link was not deleted and no new one or mail was queued.
        const after = await written();
        expect(after.tokens, how).toEqual(before.tokens);
        expect(
          after.mail.map((m) => m.id),
          how,
        ).toEqual(before.mail.map((m) => m.id));
        expect(after.audit, how).toEqual(before.audit);
      }
    });

    it('a signed-in action says "try again" when its transaction is cut off, and nothing of it is stored', async () => {
      const before = await written();
      const status = await throughRelay('update "users"', 'cut', () =>
        browser.action(updateStatus, { availability: 'unavailable' }),
      );
      expect(status.result).toMatchObject({ status: 'error', message: TRY_AGAIN });
      // Another transaction holds the mail, so the retry's row lock waits until its backend is ended.
      const holder = postgres(database.handle.url!, { max: 1, onnotice: () => {} });
      const retried = await holder.begin(async (tx) => {
        await tx`select id from mail_outbox where id = ${failedMailId} for update`;
        return throughRelay('for update', 'terminateWhileWaiting', () =>
          browser.action(retryMail, { mailId: failedMailId }),
        );
      });
      await holder.end();
      expect(retried.result).toMatchObject({ status: 'error', message: TRY_AGAIN });
      const after = await written();
      expect(after.user.availability).toBe('online');
      expect(after.failedMail).toEqual(before.failedMail);
      expect(after.audit).toEqual(before.audit);
    });
  },
);
