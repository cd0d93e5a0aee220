/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers and the OpenAPI document are read freely in assertions */
import { Validator } from '@seriousme/openapi-schema-validator';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { GET as unknownEndpoint } from '@/app/api/v1/[[...path]]/route';
import * as meOtherMethods from '@/app/api/v1/me/route';
import { GET as me } from '@/app/api/v1/me/route';
import { POST as sendNotification } from '@/app/api/v1/notifications/route';
import { GET as openApi } from '@/app/api/v1/openapi.json/route';
import * as pinOtherMethods from '@/app/api/v1/pin/verify/route';
import { POST as verifyPin } from '@/app/api/v1/pin/verify/route';
import { POST as cancelReminderRoute } from '@/app/api/v1/reminders/cancel/route';
import { POST as setReminder } from '@/app/api/v1/reminders/route';
import { GET as approver } from '@/app/api/v1/users/[id]/approver/route';
import { GET as availability } from '@/app/api/v1/users/[id]/availability/route';
import { GET as oneUser } from '@/app/api/v1/users/[id]/route';
import { GET as listUsers } from '@/app/api/v1/users/route';
import { getDb, rows } from '@/db';
import { apiRateLimits, apiTokens, auditLog, mailOutbox, notifications, organizations, users } from '@/db/schema';
import { countRequest } from '@/lib/api/rate-limit';
import { API_SCHEMAS, type ApiSchemaName } from '@/lib/api/schemas';
import { assignableAtSql, isAssignable } from '@/lib/availability/assignable';
import { hashPin, PIN_MAX_FAILURES } from '@/lib/security/pin';
import type { TokenScope } from '@/lib/tokens/scopes';
import { newApiToken } from '@/lib/tokens/secret';

import { useTestDatabase } from '../support/database';
import { addUser, createOrgWithUser } from '../support/fixtures';

useTestDatabase();

const BASE = 'http://localhost/api/v1';
const DAY = 86_400_000;

let orgA: string;
let adminA: string;
let memberA: string;
let userB: string;

beforeAll(async () => {
  const a = await createOrgWithUser({ orgName: 'Api A', email: 'owner@api-a.test', role: 'owner' });
  orgA = a.org.id;
  adminA = (await addUser(orgA, { email: 'admin@api-a.test', role: 'admin', firstName: 'Ada' })).id;
  memberA = (await addUser(orgA, { email: 'member@api-a.test', firstName: 'Milo' })).id;
  const b = await createOrgWithUser({ orgName: 'Api B', email: 'owner@api-b.test', role: 'owner' });
  userB = b.user.id;
});

afterEach(() => {
  delete process.env.API_RATE_LIMIT_PER_TOKEN;
  delete process.env.API_RATE_LIMIT_PER_ADDRESS;
});

/** A real token for `userId`, inserted as the token settings page would store it. */
async function token(
  userId: string,
  scopes: TokenScope[],
  options: { orgId?: string; expiresAt?: Date; revokedAt?: Date } = {},
): Promise<string> {
  const { secret, hash, prefix } = newApiToken();
  const db = await getDb();
  await db.insert(apiTokens).values({
    orgId: options.orgId ?? orgA,
    userId,
    name: 'Test token',
    prefix,
    tokenHash: hash,
    scopes,
    expiresAt: options.expiresAt ?? new Date(Date.now() + 30 * DAY),
    revokedAt: options.revokedAt ?? null,
  });
  return secret;
}

type Handler = (request: Request, segment: { params: Promise<never> }) => Promise<Response>;

const openApiDocument = (async () => (await (await openApi(new Request(`${BASE}/openapi.json`))).json()) as Doc)();
type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: { 'application/json': { schema: { $ref: string } } } }> }>
  >;
};

/**
 * Calls a route handler as Next.js would, and checks the answer against the OpenAPI document:
 * the status must be one the operation lists, and the body must match that response's schema.
 */
async function call(
  handler: Handler,
  operation: { path: string; method: 'get' | 'post' },
  init: { secret?: string | null; url?: string; id?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { 'x-roster-socket-ip': '198.51.100.1', ...init.headers };
  if (init.secret) headers.authorization = `Bearer ${init.secret}`;
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  const url = init.url ?? `${BASE}${operation.path.replace('{id}', init.id ?? '')}`;
  const request = new Request(url, { method: operation.method.toUpperCase(), headers, body: init.body });
  const response = await handler(request, { params: Promise.resolve({ id: init.id ?? '' }) as Promise<never> });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await response.json();
  const doc = await openApiDocument;
  const documented = doc.paths[operation.path]?.[operation.method]?.responses[String(response.status)];
  expect(documented, `${operation.method} ${operation.path} ${response.status} is documented`).toBeDefined();
  const name = documented!.content!['application/json'].schema.$ref.split('/').pop() as ApiSchemaName;
  const parsed = API_SCHEMAS[name].safeParse(body);
  expect(parsed.success, `${JSON.stringify(body)} matches ${name}`).toBe(true);
  return { status: response.status, body, headers: response.headers };
}

const ME = { path: '/me', method: 'get' } as const;
const USERS = { path: '/users', method: 'get' } as const;
const USER = { path: '/users/{id}', method: 'get' } as const;
const AVAILABILITY = { path: '/users/{id}/availability', method: 'get' } as const;
const APPROVER = { path: '/users/{id}/approver', method: 'get' } as const;
const PIN = { path: '/pin/verify', method: 'post' } as const;
const NOTIFY = { path: '/notifications', method: 'post' } as const;
const REMIND = { path: '/reminders', method: 'post' } as const;
const CANCEL_REMINDER = { path: '/reminders/cancel', method: 'post' } as const;

describe('tokens', () => {
  it('answers the owner with a valid token', async () => {
    const secret = await token(adminA, ['profile:read', 'users:read']);
    const { status, body } = await call(me, ME, { secret });
    expect(status).toBe(200);
    expect(body.user).toMatchObject({ id: adminA, email: 'admin@api-a.test' });
    expect(body.user).not.toHaveProperty('pinHash');
    expect(body.organization).toEqual({ id: orgA, name: 'Api A' });
    expect(body.scopes.sort()).toEqual(['profile:read', 'users:read']);
    const db = await getDb();
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.userId, adminA));
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    expect(row.lastUsedIp).toBe('198.51.100.1');
    // Kept to the minute from one address; a new address is recorded at once.
    await call(me, ME, { secret });
    const [same] = await db.select().from(apiTokens).where(eq(apiTokens.userId, adminA));
    expect(same.lastUsedAt).toEqual(row.lastUsedAt);
    await call(me, ME, { secret, headers: { 'x-roster-socket-ip': '198.51.100.2' } });
    const [moved] = await db.select().from(apiTokens).where(eq(apiTokens.userId, adminA));
    expect(moved.lastUsedIp).toBe('198.51.100.2');
  });

  it('refuses missing, malformed, unknown, revoked and expired tokens and a deactivated owner with the same 401', async () => {
    const db = await getDb();
    const gone = await addUser(orgA, { email: 'gone@api-a.test' });
    const deactivatedOwner = await token(gone.id, ['profile:read']);
    await db.update(users).set({ status: 'deactivated', deactivatedAt: new Date() }).where(eq(users.id, gone.id));
    const secrets = [
      null,
      'not-a-token',
      `${newApiToken().secret}x`,
      newApiToken().secret,
      await token(adminA, ['profile:read'], { revokedAt: new Date() }),
      await token(adminA, ['profile:read'], { expiresAt: new Date(Date.now() - 1000) }),
      deactivatedOwner,
    ];
    const bodies = [];
    for (const secret of secrets) {
      const answer = await call(me, ME, { secret });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      bodies.push(answer.body);
    }
    const basic = await me(new Request(`${BASE}/me`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }));
    bodies.push(await basic.json());
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toEqual({ error: { code: 'unauthorized', message: 'A valid API token is required.' } });
  });

  it('refuses a token without the scope, and one whose permission the owner lost', async () => {
    const noScope = await token(adminA, ['profile:read']);
    const refused = await call(listUsers, USERS, { secret: noScope });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const db = await getDb();
    const demoted = await addUser(orgA, { email: 'demoted@api-a.test', role: 'admin' });
    const secret = await token(demoted.id, ['users:read', 'pin:verify', 'profile:read']);
    expect((await call(listUsers, USERS, { secret })).status).toBe(200);
    await db.update(users).set({ role: 'member' }).where(eq(users.id, demoted.id));
    expect((await call(listUsers, USERS, { secret })).status).toBe(403);
    expect((await call(oneUser, USER, { secret, id: memberA })).status).toBe(403);
    expect((await call(me, ME, { secret })).body.scopes).toEqual(['profile:read']);
  });

  it('limits requests per token with 429 and Retry-After, counted in the database', async () => {
    process.env.API_RATE_LIMIT_PER_TOKEN = '3';
    const secret = await token(adminA, ['profile:read']);
    for (let i = 0; i < 3; i++) expect((await call(me, ME, { secret })).status).toBe(200);
    const limited = await call(me, ME, { secret });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another token of the same person is counted apart.
    expect((await call(me, ME, { secret: await token(adminA, ['profile:read']) })).status).toBe(200);
  });

  it('now and then forgets counters whose window ended long ago', async () => {
    const db = await getDb();
    await db.insert(apiRateLimits).values([
      { key: 'ip:192.0.2.200', count: 5, windowStartedAt: new Date(Date.now() - 2 * DAY) },
      { key: 'ip:192.0.2.201', count: 5, windowStartedAt: new Date() },
    ]);
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      await countRequest(db, 'ip:192.0.2.202', 10, 60);
    } finally {
      random.mockRestore();
    }
    const keys = (await db.select().from(apiRateLimits)).map((row) => row.key);
    expect(keys).not.toContain('ip:192.0.2.200');
    expect(keys).toEqual(expect.arrayContaining(['ip:192.0.2.201', 'ip:192.0.2.202']));
  });

  it('keeps the counters in an unlogged table: no disk flush per request', async () => {
    const [table] = await rows<{ persistence: string }>(
      await getDb(),
      sql`select relpersistence as persistence from pg_class where relname = 'api_rate_limits'`,
    );
    expect(table.persistence).toBe('u');
  });

  it('limits requests per address, before the token is looked at', async () => {
    process.env.API_RATE_LIMIT_PER_ADDRESS = '2';
    const headers = { 'x-roster-socket-ip': '203.0.113.77' };
    const secret = await token(adminA, ['profile:read']);
    expect((await call(me, ME, { secret, headers })).status).toBe(200);
    expect((await call(me, ME, { secret: 'rst_guess', headers })).status).toBe(401);
    const limited = await call(me, ME, { secret, headers });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // Another address is counted apart.
    expect((await call(me, ME, { secret, headers: { 'x-roster-socket-ip': '203.0.113.78' } })).status).toBe(200);
  });
});

describe('organizations', () => {
  it("answers another organization's user ids, and ids that are no ids, with 404", async () => {
    const secret = await token(adminA, ['users:read', 'availability:read', 'pin:verify', 'notifications:write']);
    for (const id of [userB, 'not-an-id', '00000000-0000-4000-8000-000000000000']) {
      expect((await call(oneUser, USER, { secret, id })).status).toBe(404);
      expect((await call(availability, AVAILABILITY, { secret, id })).status).toBe(404);
      expect((await call(approver, APPROVER, { secret, id })).status).toBe(404);
    }
    const pin = await call(verifyPin, PIN, { secret, body: JSON.stringify({ userId: userB, pin: '135792' }) });
    expect(pin.status).toBe(404);
    const notify = await call(sendNotification, NOTIFY, {
      secret,
      body: JSON.stringify({ userId: userB, event: 'task.assigned', title: 'Hi', body: 'x', url: 'https://a.test/' }),
    });
    expect(notify.status).toBe(404);
    const listed = await call(listUsers, USERS, { secret, url: `${BASE}/users?limit=100` });
    expect(listed.body.users.map((u: { id: string }) => u.id)).not.toContain(userB);
  });

  it('answers an unknown endpoint with a JSON 404', async () => {
    const response = await unknownEndpoint();
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint.' } });
  });

  it('answers a method an endpoint does not serve with a JSON 405 naming the one it does', async () => {
    for (const [handler, allow] of [
      [meOtherMethods.POST, 'GET'],
      [pinOtherMethods.GET, 'POST'],
      [pinOtherMethods.DELETE, 'POST'],
    ] as const) {
      const response = await handler();
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect((await response.json()).error.code).toBe('method_not_allowed');
    }
  });
});

describe('GET /users', () => {
  let org: string;
  let reader: string;
  const at = new Date();

  beforeAll(async () => {
    const db = await getDb();
    const o = await createOrgWithUser({ orgName: 'Avail Co', email: 'reader@avail.test', role: 'admin' });
    org = o.org.id;
    reader = o.user.id;
    await db.update(users).set({ availability: 'offline' }).where(eq(users.id, reader));
    const people: [string, Partial<typeof users.$inferInsert>][] = [
      ['Online', {}],
      ['Offline', { availability: 'offline' }],
      ['Unavailable', { availability: 'unavailable' }],
      ['Deactivated', { status: 'deactivated' }],
      ['Invited', { status: 'invited' }],
      ['AwayNow', { awayFrom: new Date(at.getTime() - DAY), awayUntil: new Date(at.getTime() + DAY) }],
      ['AwayPast', { awayFrom: new Date(at.getTime() - 2 * DAY), awayUntil: new Date(at.getTime() - DAY) }],
      ['AwayLater', { awayFrom: new Date(at.getTime() + DAY), awayUntil: new Date(at.getTime() + 2 * DAY) }],
      ['AwayOpenEnded', { awayFrom: new Date(at.getTime() - DAY) }],
      ['AwayUntilLater', { awayUntil: new Date(at.getTime() + DAY) }],
      [
        'OfflineAway',
        { availability: 'offline', awayFrom: new Date(at.getTime() - DAY), awayUntil: new Date(at.getTime() + DAY) },
      ],
    ];
    for (const [name, values] of people) {
      const user = await addUser(org, { email: `${name.toLowerCase()}@avail.test`, firstName: name });
      if (Object.keys(values).length > 0) await db.update(users).set(values).where(eq(users.id, user.id));
    }
  });

  it('available=true lists exactly the people the assignment rule allows, decided by the database', async () => {
    const secret = await token(reader, ['users:read'], { orgId: org });
    const { status, body } = await call(listUsers, USERS, { secret, url: `${BASE}/users?available=true` });
    expect(status).toBe(200);
    const names = body.users.map((u: { firstName: string }) => u.firstName);
    expect(names).toEqual(['AwayLater', 'AwayPast', 'Online']);
    const db = await getDb();
    const everyone = await db.select().from(users).where(eq(users.orgId, org));
    const expected = everyone.filter((u) => isAssignable(u, new Date())).map((u) => u.firstName);
    expect(names.sort()).toEqual(expected.sort());
  });

  it('the SQL rule agrees with isAssignable at the edges of an away period', async () => {
    const db = await getDb();
    const at = new Date('2026-03-01T12:00:00.000Z');
    const edges: [string, Date | null, Date | null][] = [
      ['StartsNow', at, new Date(at.getTime() + DAY)],
      ['EndsNow', new Date(at.getTime() - DAY), at],
      ['EndedJustBefore', new Date(at.getTime() - DAY), new Date(at.getTime() - 1)],
      ['StartsJustAfter', new Date(at.getTime() + 1), new Date(at.getTime() + DAY)],
      ['UntilOnlyNow', null, at],
      ['FromOnlyNow', at, null],
    ];
    const edgeOrg = (await createOrgWithUser({ orgName: 'Edges', email: 'edges@avail.test' })).org.id;
    for (const [name, awayFrom, awayUntil] of edges) {
      const user = await addUser(edgeOrg, { email: `${name.toLowerCase()}@edges.test`, firstName: name });
      await db.update(users).set({ awayFrom, awayUntil }).where(eq(users.id, user.id));
    }
    const inSql = await db
      .select({ firstName: users.firstName })
      .from(users)
      .where(and(eq(users.orgId, edgeOrg), assignableAtSql(at)));
    const everyone = await db.select().from(users).where(eq(users.orgId, edgeOrg));
    const inJs = everyone.filter((u) => isAssignable(u, at)).map((u) => u.firstName);
    expect(inSql.map((u) => u.firstName).sort()).toEqual(inJs.sort());
    expect(inJs.sort()).toEqual(['EndedJustBefore', 'EndsNow', 'StartsJustAfter', 'Test', 'UntilOnlyNow']);
  });

  it('walks every user once with the cursor, in name order, and searches with q', async () => {
    const secret = await token(reader, ['users:read'], { orgId: org });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `${BASE}/users?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await call(listUsers, USERS, { secret, url });
      expect(status).toBe(200);
      expect(body.users.length).toBeLessThanOrEqual(4);
      seen.push(...body.users.map((u: { firstName: string }) => u.firstName));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(seen).toEqual([...seen].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
    expect(pages).toBe(3);

    const found = await call(listUsers, USERS, { secret, url: `${BASE}/users?q=away` });
    expect(found.body.users).toHaveLength(6);
    const none = await call(listUsers, USERS, { secret, url: `${BASE}/users?q=${encodeURIComponent('%_')}` });
    expect(none.body.users).toEqual([]);
  });

  it('combines available, q and the cursor, a page at a time', async () => {
    const secret = await token(reader, ['users:read'], { orgId: org });
    const walk = async (query: string) => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `${BASE}/users?${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const { status, body } = await call(listUsers, USERS, { secret, url });
        expect(status).toBe(200);
        names.push(...body.users.map((u: { firstName: string }) => u.firstName));
        cursor = body.nextCursor;
      } while (cursor && names.length < 20);
      return names;
    };
    expect(await walk('available=true')).toEqual(['AwayLater', 'AwayPast', 'Online']);
    expect(await walk('available=true&q=away')).toEqual(['AwayLater', 'AwayPast']);
    expect(await walk('q=away')).toHaveLength(6);
    expect(await walk('available=false&q=online')).toEqual(['Online']);
  });

  it('refuses a malformed cursor, limit or available with 400', async () => {
    const secret = await token(reader, ['users:read'], { orgId: org });
    for (const query of ['cursor=nonsense', 'limit=0', 'limit=101', 'limit=abc', 'available=yes']) {
      const { status, body } = await call(listUsers, USERS, { secret, url: `${BASE}/users?${query}` });
      expect(status).toBe(400);
      expect(body.error.code).toBe('bad_request');
    }
  });

  it('answers one user and their availability with the reason', async () => {
    const secret = await token(reader, ['users:read', 'availability:read'], { orgId: org });
    const db = await getDb();
    const [away] = await db
      .select()
      .from(users)
      .where(and(eq(users.orgId, org), eq(users.firstName, 'AwayNow')));
    const user = await call(oneUser, USER, { secret, id: away.id });
    expect(user.body).toMatchObject({ id: away.id, firstName: 'AwayNow', availability: 'online' });
    const answer = await call(availability, AVAILABILITY, { secret, id: away.id.toUpperCase() });
    expect(answer.body).toMatchObject({ userId: away.id, assignable: false, reason: 'away' });
  });
});

describe('GET /users/<id>/approver', () => {
  it('answers the user, or their present delegate while they are away', async () => {
    const db = await getDb();
    const boss = await addUser(orgA, { email: 'boss@api-a.test', firstName: 'Bea' });
    const deputy = await addUser(orgA, { email: 'deputy@api-a.test', firstName: 'Dan' });
    await db.update(users).set({ delegateUserId: deputy.id }).where(eq(users.id, boss.id));
    const secret = await token(memberA, ['approvals:write']);
    const present = await call(approver, APPROVER, { secret, id: boss.id });
    expect(present.status).toBe(200);
    expect(present.body).toMatchObject({ userId: boss.id, approver: { id: boss.id }, via: [] });
    await db
      .update(users)
      .set({ awayFrom: new Date(Date.now() - DAY), awayUntil: new Date(Date.now() + DAY) })
      .where(eq(users.id, boss.id));
    const away = await call(approver, APPROVER, { secret: await token(memberA, ['availability:read']), id: boss.id });
    expect(away.body).toMatchObject({ approver: { id: deputy.id, email: 'deputy@api-a.test' }, via: [boss.id] });
    expect(
      (await call(approver, APPROVER, { secret: await token(memberA, ['profile:read']), id: boss.id })).status,
    ).toBe(403);
  });
});

describe('POST /pin/verify', () => {
  const GOOD = '135792';

  async function userWithPin(email: string) {
    const db = await getDb();
    const user = await addUser(orgA, { email });
    await db
      .update(users)
      .set({ pinHash: await hashPin(GOOD) })
      .where(eq(users.id, user.id));
    return user;
  }

  it('answers valid or not, counts wrong PINs toward the lock, then 423 and a mail; audited, never echoed', async () => {
    const db = await getDb();
    const caller = await userWithPin('caller@api-a.test');
    const secret = await token(adminA, ['pin:verify']);
    const headers = { 'x-roster-socket-ip': '198.51.100.20' };
    const verify = (pin: string) =>
      call(verifyPin, PIN, { secret, headers, body: JSON.stringify({ userId: caller.id, pin }) });

    expect((await verify(GOOD)).body).toEqual({ valid: true });
    const wrong = await verify('000111');
    expect(wrong).toMatchObject({ status: 200, body: { valid: false } });
    expect(JSON.stringify(wrong.body)).not.toContain(GOOD);
    for (let i = 2; i < PIN_MAX_FAILURES; i++) expect((await verify('000111')).body).toEqual({ valid: false });
    const [counted] = await db.select().from(users).where(eq(users.id, caller.id));
    expect(counted.pinFailedCount).toBe(PIN_MAX_FAILURES - 1);

    const locked = await verify('000111');
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('pin_locked');
    expect((await verify(GOOD)).status).toBe(423);
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'caller@api-a.test'));
    expect(mails).toHaveLength(1);

    const entries = await db.select().from(auditLog).where(eq(auditLog.targetId, caller.id));
    expect(entries.map((e) => e.action).sort()).toEqual(
      ['pin.locked', 'pin.verified', ...Array(PIN_MAX_FAILURES).fill('pin.verify_failed')].sort(),
    );
    for (const entry of entries) {
      expect(entry).toMatchObject({ actorUserId: adminA, ip: '198.51.100.20' });
      expect(entry.data).toMatchObject({ via: 'api' });
      expect(JSON.stringify(entry.data)).not.toContain(GOOD);
    }
  });

  it('answers 409 for a user without a PIN', async () => {
    const secret = await token(adminA, ['pin:verify']);
    const { status, body } = await call(verifyPin, PIN, {
      secret,
      body: JSON.stringify({ userId: memberA, pin: '1234' }),
    });
    expect(status).toBe(409);
    expect(body.error.code).toBe('conflict');
  });

  it('refuses a huge body, invalid JSON, wrong types and extra fields, and writes nothing', async () => {
    const db = await getDb();
    const caller = await userWithPin('body@api-a.test');
    const secret = await token(adminA, ['pin:verify']);
    const auditBefore = (await db.select().from(auditLog)).length;
    const cases: [string, number, string][] = [
      [JSON.stringify({ userId: caller.id, pin: '9'.repeat(1024 * 1024) }), 413, 'payload_too_large'],
      ['{"userId": ', 400, 'invalid_json'],
      ['', 400, 'invalid_json'],
      [JSON.stringify({ userId: caller.id, pin: 123456 }), 422, 'validation_failed'],
      [JSON.stringify({ userId: 42, pin: '000111' }), 422, 'validation_failed'],
      [JSON.stringify({ userId: caller.id }), 422, 'validation_failed'],
      [JSON.stringify({ userId: caller.id, pin: '000111', admin: true }), 422, 'validation_failed'],
      [JSON.stringify([caller.id, '000111']), 422, 'validation_failed'],
      ['null', 422, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await call(verifyPin, PIN, { secret, body });
      expect(answer.status, body.slice(0, 60)).toBe(status);
      expect(answer.body.error.code).toBe(code);
    }
    const extra = await call(verifyPin, PIN, {
      secret,
      body: JSON.stringify({ userId: caller.id, pin: '000111', admin: true }),
    });
    expect(extra.body.error.issues).toEqual([
      { path: 'admin', code: 'unrecognized_key', message: 'Not a field of this request.' },
    ]);
    const form = await call(verifyPin, PIN, {
      secret,
      body: `userId=${caller.id}&pin=000111`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const [after] = await db.select().from(users).where(eq(users.id, caller.id));
    expect(after.pinFailedCount).toBe(0);
    expect((await db.select().from(auditLog)).length).toBe(auditBefore);
  });
});

describe('POST /notifications', () => {
  beforeAll(() => {
    process.env.NOTIFICATION_URL_HOSTS = 'tasks.example, a.test';
  });
  afterAll(() => {
    delete process.env.NOTIFICATION_URL_HOSTS;
  });

  const notification = (userId: string, event = 'task.assigned') =>
    JSON.stringify({
      userId,
      event,
      title: 'New task: call back',
      body: 'Mrs. Smith asked for a call.',
      url: 'https://tasks.example/7',
    });

  it('mails the user through the outbox and shows it in the app when the organization and the user allow the event', async () => {
    const db = await getDb();
    const secret = await token(adminA, ['notifications:write']);
    const sent = await call(sendNotification, NOTIFY, { secret, body: notification(memberA) });
    // task.assigned: email and in-app by default; browser push only when the person turns it on.
    expect(sent).toMatchObject({ status: 202, body: { channels: ['email', 'inApp'] } });
    const [row] = await db.select().from(notifications).where(eq(notifications.userId, memberA));
    expect(row).toMatchObject({
      event: 'task.assigned',
      inApp: true,
      pushPending: false,
      url: 'https://tasks.example/7',
    });
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'member@api-a.test'));
    expect(mail).toMatchObject({ subject: 'New task: call back', orgId: orgA });
    expect(mail.text).toContain('https://tasks.example/7');

    await db
      .update(users)
      .set({ notificationPrefs: { 'mention.email': false, 'mention.inApp': false, 'mention.push': false } })
      .where(eq(users.id, memberA));
    expect((await call(sendNotification, NOTIFY, { secret, body: notification(memberA, 'mention') })).body).toEqual({
      channels: [],
    });
    await db
      .update(organizations)
      .set({ notificationEvents: { 'approval.requested': false } })
      .where(eq(organizations.id, orgA));
    expect(
      (await call(sendNotification, NOTIFY, { secret, body: notification(memberA, 'approval.requested') })).body,
    ).toEqual({ channels: [] });
    await db.update(organizations).set({ notificationEvents: {} }).where(eq(organizations.id, orgA));
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'member@api-a.test'))).toHaveLength(1);
  });

  it("refuses events outside the catalogue, Roster's own security notices and bad fields, writing nothing", async () => {
    const db = await getDb();
    const secret = await token(adminA, ['notifications:write']);
    const before = (await db.select().from(mailOutbox)).length;
    const base = { userId: memberA, event: 'task.assigned', title: 'T', body: 'B', url: 'https://a.test/' };
    for (const body of [
      { ...base, event: 'made.up' },
      { ...base, event: 'security.password_changed' },
      { ...base, title: 'Two\nlines' },
      { ...base, url: 'javascript:alert(1)' },
      { ...base, url: 'https://evil.example/login' },
      { ...base, url: 'http://a.test/' },
      { ...base, url: '//evil.example/' },
      { ...base, url: 'https://user:pw@a.test/' },
      { ...base, title: 'x'.repeat(201) },
      { ...base, channel: 'sms' },
    ]) {
      const answer = await call(sendNotification, NOTIFY, { secret, body: JSON.stringify(body) });
      expect(answer.status, JSON.stringify(body)).toBe(422);
    }
    expect((await db.select().from(mailOutbox)).length).toBe(before);
    expect(await db.select().from(notifications).where(eq(notifications.title, 'T'))).toEqual([]);
  });

  it('accepts a path on this app and stores it as it is', async () => {
    const db = await getDb();
    const secret = await token(adminA, ['notifications:write']);
    const body = JSON.stringify({
      userId: memberA,
      event: 'approval.decided',
      title: 'Path link',
      body: '',
      url: '/settings/approvals',
    });
    expect((await call(sendNotification, NOTIFY, { secret, body })).status).toBe(202);
    const [row] = await db.select().from(notifications).where(eq(notifications.title, 'Path link'));
    expect(row.url).toBe('/settings/approvals');
  });
});

describe('POST /reminders', () => {
  it('schedules a reminder by the person’s lead time, updates it by key, cancels it, and refuses bad input', async () => {
    const db = await getDb();
    const secret = await token(adminA, ['notifications:write']);
    await db
      .update(users)
      .set({ notificationOptions: { taskReminderMinutes: 30 } })
      .where(eq(users.id, memberA));
    const dueAt = new Date(Date.now() + DAY).toISOString();
    const body = { userId: memberA, kind: 'task', key: 'T-1', title: 'Ship it', url: '/tasks/1', dueAt };
    const made = await call(setReminder, REMIND, { secret, body: JSON.stringify(body) });
    expect(made.status).toBe(200);
    expect(made.body.sendAt).toBe(new Date(Date.parse(dueAt) - 30 * 60_000).toISOString());
    const again = await call(setReminder, REMIND, { secret, body: JSON.stringify({ ...body, title: 'Ship it now' }) });
    expect(again.body.id).toBe(made.body.id);

    for (const bad of [
      { ...body, userId: userB },
      { ...body, url: 'https://evil.example/' },
      { ...body, dueAt: 'tomorrow' },
      { ...body, kind: 'meeting' },
      { ...body, leadMinutes: -5 },
    ]) {
      const answer = await call(setReminder, REMIND, { secret, body: JSON.stringify(bad) });
      expect([404, 422], JSON.stringify(bad)).toContain(answer.status);
    }
    const cancel = JSON.stringify({ userId: memberA, kind: 'task', key: 'T-1' });
    expect((await call(cancelReminderRoute, CANCEL_REMINDER, { secret, body: cancel })).body).toEqual({
      cancelled: true,
    });
    expect((await call(cancelReminderRoute, CANCEL_REMINDER, { secret, body: cancel })).status).toBe(404);
    // Without the scope: 403.
    const reader = await token(adminA, ['users:read']);
    expect((await call(setReminder, REMIND, { secret: reader, body: JSON.stringify(body) })).status).toBe(403);
  });
});

describe('GET /openapi.json', () => {
  it('serves an OpenAPI 3.1 document without a token, generated from the request schemas', async () => {
    const response = await openApi(new Request(`${BASE}/openapi.json`));
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toBe('3.1.0');
    // The OpenAPI 3.1 schema itself, through a validator made for it.
    const validator = new Validator();
    expect(await validator.validate(doc)).toEqual({ valid: true });
    expect(validator.version).toBe('3.1');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/approvals',
        '/approvals/{id}',
        '/me',
        '/notifications',
        '/pin/verify',
        '/reminders',
        '/reminders/cancel',
        '/users',
        '/users/{id}',
        '/users/{id}/approver',
        '/users/{id}/availability',
      ].sort(),
    );
    // Every reference resolves, every operation has responses with a description and a JSON schema.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.split('/').pop()!.replace('"', '');
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        expect(['get', 'post']).toContain(method);
        expect(operation.operationId, path).toEqual(expect.any(String));
        expect(operation.security.length).toBeGreaterThan(0);
        for (const scheme of operation.security) expect(Object.keys(scheme)).toEqual(['bearer']);
        for (const [status, answer] of Object.entries<any>(operation.responses)) {
          expect(status).toMatch(/^[1-5]\d\d$/);
          expect(answer.description).toEqual(expect.any(String));
          expect(answer.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\//);
        }
        for (const parameter of operation.parameters ?? []) {
          expect(['path', 'query']).toContain(parameter.in);
          if (parameter.in === 'path') {
            expect(path).toContain(`{${parameter.name}}`);
            expect(parameter.required).toBe(true);
          }
        }
      }
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const pin = doc.components.schemas.PinVerifyRequest;
    expect(pin).toMatchObject({ type: 'object', required: ['userId', 'pin'], additionalProperties: false });
    expect(doc.components.schemas.NotificationRequest.properties.event.enum).toContain('task.assigned');
    expect(doc.components.schemas.NotificationRequest.properties.event.enum).not.toContain('security.password_changed');
    expect(JSON.stringify(doc)).not.toContain('$schema');
  });
});
