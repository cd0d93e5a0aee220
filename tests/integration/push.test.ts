import { execFileSync } from 'node:child_process';
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { removePushDevice as removePushDeviceAction } from '@/app/(account)/settings/notifications/push-actions';
import { POST as subscribeRoute } from '@/app/(account)/settings/notifications/push/route';
import { POST as sendNotificationRoute } from '@/app/api/v1/notifications/route';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { apiTokens, auditLog, notifications, pushSubscriptions, users } from '@/db/schema';
import {
  listPushDevices,
  removePushDevice,
  sendPendingPushes,
  subscribePush,
  vapidPublicKey,
} from '@/lib/notifications/push';
import { newApiToken } from '@/lib/tokens/secret';

import { TestClient } from '../support/client';
import { useTestDatabase } from '../support/database';
import { withEnv } from '../support/env';
import { addUser, createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';

useTestDatabase();

const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(buffer: Buffer, params: { version: string; privateKey: ECDH; authSecret: string }): Buffer;
};

const meta = { ip: '192.0.2.80', userAgent: 'push-test', requestId: 'push-test' };

/** A browser's side of a subscription: its ECDH key pair and auth secret. */
type Browser = { ecdh: ECDH; p256dh: string; auth: string };

function newBrowser(): Browser {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { ecdh, p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

type Received = { path: string; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** A push service on loopback: the path's first segment says how it answers (`ok`, `gone`, `missing`, `broken`). */
let server: https.Server;
let origin: string;
let received: Received[] = [];
let certDir: string;
const browsers = new Map<string, Browser>();

let orgId: string;
let anaId: string;
let benId: string;

beforeAll(async () => {
  // The keys are generated into the data dir (tests/setup.ts points it at a temporary one).
  delete process.env.VAPID_PUBLIC_KEY;
  delete process.env.VAPID_PRIVATE_KEY;
  delete process.env.VAPID_SUBJECT;
  certDir = mkdtempSync(path.join(tmpdir(), 'push-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(certDir, 'key.pem'),
      '-out',
      path.join(certDir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(path.join(certDir, 'cert.pem'));
  server = https.createServer({ key: readFileSync(path.join(certDir, 'key.pem')), cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '/';
      received.push({ path: url, headers: request.headers, body: Buffer.concat(chunks) });
      const kind = url.split('/')[1];
      const status = kind === 'ok' ? 201 : kind === 'gone' ? 410 : kind === 'missing' ? 404 : 500;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // web-push uses the default agent: trust the test service's certificate there.
  https.globalAgent.options.ca = cert;

  const { org, user } = await createOrgWithUser({ orgName: 'Push Org', email: 'ana.push@example.test' });
  orgId = org.id;
  anaId = user.id;
  benId = (await addUser(orgId, { email: 'ben.push@example.test' })).id;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  rmSync(certDir, { recursive: true, force: true });
});

beforeEach(async () => {
  received = [];
  const db = await getDb();
  await db.delete(pushSubscriptions);
  await db.delete(notifications);
});

const ana = () => ({ id: anaId, orgId });
const ben = () => ({ id: benId, orgId });

async function subscribe(user: { id: string; orgId: string }, endpointPath: string) {
  const browser = newBrowser();
  const endpoint = `${origin}${endpointPath}`;
  browsers.set(endpoint, browser);
  const result = await subscribePush(
    await getDb(),
    user,
    { endpoint, p256dh: browser.p256dh, auth: browser.auth, deviceName: 'Firefox 140 on Linux' },
    meta,
  );
  if (!result.ok) throw new Error(`subscription refused: ${result.error}`);
  return result.id;
}

async function notify(userId: string, title: string, at = new Date()) {
  const [row] = await (
    await getDb()
  )
    .insert(notifications)
    .values({
      orgId,
      userId,
      event: 'task.assigned',
      title,
      body: `${title} body`,
      url: '/tasks/7',
      pushPending: true,
      createdAt: at,
    })
    .returning();
  return row;
}

function decrypt(request: Received) {
  const browser = browsers.get(`${origin}${request.path}`)!;
  const plain = ece.decrypt(request.body, { version: 'aes128gcm', privateKey: browser.ecdh, authSecret: browser.auth });
  return JSON.parse(plain.toString('utf8')) as { title: string; body: string; url: string | null; id: string };
}

/** Checks the VAPID header as a push service does: the ES256 JWT signed by the key in `k`. */
function checkVapid(request: Received, publicKey: string) {
  const header = String(request.headers.authorization);
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header);
  expect(match, header).not.toBeNull();
  const [, jwt, key] = match!;
  expect(key).toBe(publicKey);
  const [head, claims, signature] = jwt.split('.');
  const point = Buffer.from(key, 'base64url');
  expect(point).toHaveLength(65);
  const verifier = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${claims}`),
    { key: verifier, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  expect(valid).toBe(true);
  expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toMatchObject({ alg: 'ES256', typ: 'JWT' });
  const payload = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  expect(payload.aud).toBe(origin);
  expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  expect(payload.sub).toMatch(/^(mailto:|https:)/);
}

describe('VAPID keys', () => {
  it('are generated once into the data dir, readable by the owner only', async () => {
    const key = await vapidPublicKey();
    expect(Buffer.from(key, 'base64url')).toHaveLength(65);
    const file = path.join(process.env.ROSTER_DATA_DIR!, 'vapid.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).publicKey).toBe(key);
    expect(await vapidPublicKey()).toBe(key);
  });
});

describe('sending', () => {
  it('delivers the notification encrypted to each browser of its person, signed with VAPID', async () => {
    const db = await getDb();
    const laptop = await subscribe(ana(), '/ok/ana-laptop');
    const phone = await subscribe(ana(), '/ok/ana-phone');
    await subscribe(ben(), '/ok/ben');
    const n = await notify(anaId, 'New task: call Rosa');
    const now = new Date('2026-12-06T08:00:00Z');

    expect(await sendPendingPushes(db, now)).toEqual({ sent: 2, removed: 0 });

    expect(received.map((r) => r.path).sort()).toEqual(['/ok/ana-laptop', '/ok/ana-phone']);
    const publicKey = await vapidPublicKey();
    for (const request of received) {
      checkVapid(request, publicKey);
      expect(request.headers['content-encoding']).toBe('aes128gcm');
      expect(request.headers.ttl).toBe('86400');
      expect(decrypt(request)).toEqual({
        title: 'New task: call Rosa',
        body: 'New task: call Rosa body',
        url: '/tasks/7',
        id: n.id,
      });
    }
    const [row] = await db.select().from(notifications).where(eq(notifications.id, n.id));
    expect(row.pushPending).toBe(false);
    const devices = await listPushDevices(db, ana());
    expect(devices.map((d) => d.id).sort()).toEqual([laptop, phone].sort());
    expect(devices.every((d) => d.lastSuccessAt?.getTime() === now.getTime())).toBe(true);
    expect((await listPushDevices(db, ben()))[0].lastSuccessAt).toBeNull();

    // Nothing is waiting any more.
    received = [];
    expect(await sendPendingPushes(db)).toEqual({ sent: 0, removed: 0 });
    expect(received).toHaveLength(0);
  });

  it('carries a notification from the API to the browser: posted, resolved to push, sent, decrypted', async () => {
    const db = await getDb();
    await db
      .update(users)
      .set({ notificationPrefs: { 'task.assigned.push': true } })
      .where(eq(users.id, benId));
    await subscribe(ben(), '/ok/ben-api');
    const { secret, hash, prefix } = newApiToken();
    await db.insert(apiTokens).values({
      orgId,
      userId: anaId,
      name: 'Dispatch',
      prefix,
      tokenHash: hash,
      scopes: ['notifications:write'],
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const answer = await sendNotificationRoute(
      new Request('http://localhost/api/v1/notifications', {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          userId: benId,
          event: 'task.assigned',
          title: 'Pick up van 3',
          body: 'Gate B',
          url: '/tasks/3',
        }),
      }),
    );
    expect(answer.status).toBe(202);
    expect((await answer.json()).channels).toEqual(['email', 'inApp', 'push']);
    received = [];
    expect((await sendPendingPushes(db)).sent).toBeGreaterThanOrEqual(1);
    const request = received.find((r) => r.path === '/ok/ben-api')!;
    checkVapid(request, await vapidPublicKey());
    expect(decrypt(request)).toMatchObject({ title: 'Pick up van 3', body: 'Gate B', url: '/tasks/3' });
  });

  it('removes a subscription the push service says is gone (410, 404)', async () => {
    const db = await getDb();
    await subscribe(ana(), '/gone/old-browser');
    await subscribe(ana(), '/missing/older-browser');
    const kept = await subscribe(ana(), '/ok/current');
    const n = await notify(anaId, 'Reminder');

    expect(await sendPendingPushes(db)).toEqual({ sent: 1, removed: 2 });

    expect((await listPushDevices(db, ana())).map((d) => d.id)).toEqual([kept]);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, n.id));
    expect(row.pushPending).toBe(false);
  });

  it('does not retry a push the service refused for another reason, and keeps the browser', async () => {
    const db = await getDb();
    const broken = await subscribe(ana(), '/broken/flaky');
    const n = await notify(anaId, 'Once only');

    expect(await sendPendingPushes(db)).toEqual({ sent: 0, removed: 0 });
    expect(received).toHaveLength(1);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, n.id));
    expect(row.pushPending).toBe(false);
    expect((await listPushDevices(db, ana())).map((d) => d.id)).toEqual([broken]);

    await sendPendingPushes(db);
    expect(received).toHaveLength(1);
  });

  it('never sends one notification twice when two workers run at once, in batches, oldest first', async () => {
    const db = await getDb();
    await subscribe(ana(), '/ok/ana');
    await subscribe(ben(), '/ok/ben');
    const base = Date.parse('2026-12-06T07:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 130; i++) {
      ids.push((await notify(i % 2 ? anaId : benId, `Event ${i}`, new Date(base + i * 1000))).id);
    }

    const [a, b] = await Promise.all([sendPendingPushes(db), sendPendingPushes(db)]);

    expect(a.sent + b.sent).toBe(130);
    expect(received).toHaveLength(130);
    const delivered = received.map((r) => decrypt(r).id);
    expect(new Set(delivered).size).toBe(130);
    expect(new Set(delivered)).toEqual(new Set(ids));
    const waiting = await db.select().from(notifications).where(eq(notifications.pushPending, true));
    expect(waiting).toHaveLength(0);
  });

  it("sends one browser's notifications oldest first", async () => {
    const db = await getDb();
    await subscribe(ana(), '/ok/ordered');
    const base = Date.parse('2026-12-06T06:00:00Z');
    const third = await notify(anaId, 'Third', new Date(base + 3000));
    const first = await notify(anaId, 'First', new Date(base + 1000));
    const second = await notify(anaId, 'Second', new Date(base + 2000));
    await sendPendingPushes(db);
    expect(received.map((r) => decrypt(r).id)).toEqual([first.id, second.id, third.id]);
  });

  it('sends nothing to a person without browsers, and clears the flag', async () => {
    const db = await getDb();
    const n = await notify(benId, 'Nobody listening');
    expect(await sendPendingPushes(db)).toEqual({ sent: 0, removed: 0 });
    const [row] = await db.select().from(notifications).where(eq(notifications.id, n.id));
    expect(row.pushPending).toBe(false);
  });
});

describe('subscribing', () => {
  const valid = () => {
    const b = newBrowser();
    return {
      endpoint: `${origin}/ok/${randomBytes(4).toString('hex')}`,
      p256dh: b.p256dh,
      auth: b.auth,
      deviceName: 'X',
    };
  };

  it('refuses an endpoint that is not https, too long, or not a URL', async () => {
    const db = await getDb();
    for (const endpoint of [
      'http://push.example.test/abc',
      'ftp://push.example.test/abc',
      'not a url',
      `https://push.example.test/${'a'.repeat(2048)}`,
      'https://user:secret@push.example.test/abc',
    ]) {
      expect(await subscribePush(db, ana(), { ...valid(), endpoint }, meta)).toEqual({ ok: false, error: 'endpoint' });
    }
    expect(await listPushDevices(db, ana())).toHaveLength(0);
  });

  it('refuses a push service on the internal network unless PUSH_INTERNAL_HOSTS lists it, and posts nothing there', async () => {
    const db = await getDb();
    let connections = 0;
    const count = () => void connections++;
    server.on('connection', count);
    try {
      await withEnv({ PUSH_INTERNAL_HOSTS: undefined }, async () => {
        // Address literals are refused when the browser subscribes.
        const port = (server.address() as AddressInfo).port;
        for (const endpoint of [
          `${origin}/ok/a`,
          `https://[::1]:${port}/ok/a`,
          `https://[::ffff:127.0.0.1]:${port}/ok/a`,
          'https://169.254.169.254/latest/meta-data',
          'https://10.0.0.1/push',
        ])
          expect(await subscribePush(db, ana(), { ...valid(), endpoint }, meta), endpoint).toEqual({
            ok: false,
            error: 'endpoint',
          });
        // A name is resolved when a push is sent: one that leads to loopback gets nothing.
        await subscribePush(db, ana(), { ...valid(), endpoint: `https://localhost:${port}/ok/by-name` }, meta);
        await notify(anaId, 'Not for loopback');
        expect(await sendPendingPushes(db)).toEqual({ sent: 0, removed: 0 });
      });
      // One stored while the list allowed it is removed once it no longer does, unsent.
      await subscribe(ana(), '/ok/allowed-then');
      await withEnv({ PUSH_INTERNAL_HOSTS: undefined }, async () => {
        await notify(anaId, 'After the list changed');
        expect(await sendPendingPushes(db)).toEqual({ sent: 0, removed: 1 });
      });
    } finally {
      server.off('connection', count);
    }
    expect(connections).toBe(0);
    expect(received).toHaveLength(0);
    expect((await listPushDevices(db, ana())).map((d) => d.deviceName)).toHaveLength(1);
  });

  it('refuses keys of the wrong size or encoding', async () => {
    const db = await getDb();
    const good = valid();
    const point = Buffer.from(good.p256dh, 'base64url');
    for (const keys of [
      { p256dh: point.subarray(0, 64).toString('base64url') },
      { p256dh: Buffer.concat([point, Buffer.from([1])]).toString('base64url') },
      { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url') },
      { p256dh: point.toString('base64') + '+/' },
      { auth: randomBytes(15).toString('base64url') },
      { auth: randomBytes(17).toString('base64url') },
      { auth: 'not base64url!' },
      { auth: '' },
    ]) {
      expect(await subscribePush(db, ana(), { ...good, ...keys }, meta)).toEqual({ ok: false, error: 'keys' });
    }
    expect(await listPushDevices(db, ana())).toHaveLength(0);
  });

  it('keeps one row per endpoint: enabling again, or someone else on that browser, replaces it', async () => {
    const db = await getDb();
    const input = valid();
    const first = await subscribePush(db, ana(), input, meta);
    const again = await subscribePush(db, ana(), { ...input, deviceName: 'Firefox 141 on Linux' }, meta);
    expect(again).toEqual(first);
    expect((await listPushDevices(db, ana())).map((d) => d.deviceName)).toEqual(['Firefox 141 on Linux']);
    await subscribePush(db, ben(), input, meta);
    expect(await listPushDevices(db, ana())).toHaveLength(0);
    expect(await listPushDevices(db, ben())).toHaveLength(1);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, 'notifications.push_enabled')));
    expect(entries.length).toBeGreaterThanOrEqual(3);
  });
});

describe('removing', () => {
  it("removes the person's own browser, and nothing for another's id", async () => {
    const db = await getDb();
    const anas = await subscribe(ana(), '/ok/ana');
    const bens = await subscribe(ben(), '/ok/ben');

    expect(await removePushDevice(db, ana(), bens, meta)).toEqual({ ok: false });
    expect(await removePushDevice(db, ana(), 'not-an-id', meta)).toEqual({ ok: false });
    expect(await listPushDevices(db, ben())).toHaveLength(1);

    expect(await removePushDevice(db, ana(), anas, meta)).toEqual({ ok: true });
    expect(await listPushDevices(db, ana())).toHaveLength(0);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, anaId), eq(auditLog.action, 'notifications.push_removed')));
    expect(entry.data).toEqual({ device: 'Firefox 140 on Linux' });
  });
});

describe('the settings page', () => {
  async function signIn(email: string) {
    const browser = new TestClient();
    expect((await browser.action(signInWithPassword, { email, password: STRONG_PASSWORD })).redirect).toBe(
      '/settings/profile',
    );
    return browser;
  }

  const post = (body: string, headers: Record<string, string> = {}) =>
    subscribeRoute(
      new Request('http://localhost:3000/settings/notifications/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
        body,
      }),
    );

  it("saves the browser's subscription posted as JSON, named after its browser", async () => {
    const client = await signIn('ana.push@example.test');
    const b = newBrowser();
    const endpoint = `${origin}/ok/route`;
    const created = await client.run(() =>
      post(JSON.stringify({ endpoint, keys: { p256dh: b.p256dh, auth: b.auth } })),
    );
    expect(created.result?.status).toBe(201);
    const [device] = await listPushDevices(await getDb(), ana());
    expect(device.deviceName).toBe('Chrome 156 on Linux');

    const refused = await client.run(() =>
      post(JSON.stringify({ endpoint: 'http://push.example.test/x', keys: { p256dh: b.p256dh, auth: b.auth } })),
    );
    expect(refused.result?.status).toBe(400);
    expect((await client.run(() => post('{')))?.result?.status).toBe(400);
    expect((await client.run(() => post('{}', { 'sec-fetch-site': 'cross-site' })))?.result?.status).toBe(403);
    expect((await client.run(() => post('{}', { 'content-type': 'text/plain' })))?.result?.status).toBe(415);
    // Signed out: the same 404 as for nothing there.
    expect((await new TestClient().run(() => post('{}'))).result?.status).toBe(404);
  });

  it('"Remove" works as a plain form and ignores another person\'s device', async () => {
    const client = await signIn('ana.push@example.test');
    const anas = await subscribe(ana(), '/ok/ana-form');
    const bens = await subscribe(ben(), '/ok/ben-form');

    await client.action(
      (_: unknown, form: FormData) => removePushDeviceAction(form).then(() => ({ status: 'idle' as const })),
      { deviceId: bens },
    );
    expect(await listPushDevices(await getDb(), ben())).toHaveLength(1);

    const removed = await client.action(
      (_: unknown, form: FormData) => removePushDeviceAction(form).then(() => ({ status: 'idle' as const })),
      { deviceId: anas },
    );
    expect(removed.redirect).toBe('/settings/notifications#push-title');
    expect(client.flash).toMatchObject({ status: 'success', key: 'push.removed' });
    expect(await listPushDevices(await getDb(), ana())).toHaveLength(0);
  });
});
