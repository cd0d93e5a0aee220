import 'server-only';

import { ECDH } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import webpush, { WebPushError } from 'web-push';

import type { Db, Executor } from '@/db';
import { notifications, pushSubscriptions } from '@/db/schema';

import { isUuid } from '../actions/schema-fields';
import { audit } from '../audit/log';
import { config } from '../config';
import type { RequestMeta } from '../http/request-meta';
import { log } from '../log';
import { guardedLookup, isRefusedLiteral, parseInternalHosts } from '../security/outbound-address';

/** One browser that receives a person's push notifications, as the settings page lists it. */
export type PushDevice = { id: string; deviceName: string; createdAt: Date; lastSuccessAt: Date | null };

type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/** Push services keep an undelivered message a day at most: a notice older than that is stale. */
const TTL_SECONDS = 24 * 60 * 60;
const TIMEOUT_MS = 10_000;
const BATCH = 100;
/** Pushes in flight at once: enough to hide the push services' latency, few enough for one job. */
const PARALLEL = 8;
/** Push services take about 4 KB of payload; long texts are cut well below that. */
const TITLE_MAX = 200;
const BODY_MAX = 1000;
export const ENDPOINT_MAX = 2048;
const DEVICE_NAME_MAX = 200;

let cachedKeys: VapidKeys | null | undefined;

/** mailto: the sender address of the app's mail, else the app's own https address. */
function defaultSubject(): string {
  const address = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(config.emailFrom)?.[1] ?? config.emailFrom.trim();
  if (/^[^\s@<>]+@[^\s@<>]+$/.test(address)) return `mailto:${address}`;
  return config.appUrl.startsWith('https://') ? config.appUrl : `mailto:no-reply@${new URL(config.appUrl).hostname}`;
}

function readKeyFile(file: string): { publicKey: string; privateKey: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { publicKey?: unknown; privateKey?: unknown };
    if (typeof parsed.publicKey === 'string' && typeof parsed.privateKey === 'string' && parsed.publicKey) {
      return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
    }
  } catch {
    // missing or half-written: generated below
  }
  return null;
}

/**
 * VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or a pair generated once and kept in the data dir as
 * `vapid.json` (mode 0600), as the auth secret is. Production on a shared PostgreSQL must set
 * them: every instance has to sign with the key the browsers subscribed with. Without them there
 * push is off (null) rather than the settings page failing.
 */
function vapidKeys(): VapidKeys | null {
  if (cachedKeys !== undefined) return cachedKeys;
  const subject = process.env.VAPID_SUBJECT || defaultSubject();
  const publicKey = process.env.VAPID_PUBLIC_KEY;
  const privateKey = process.env.VAPID_PRIVATE_KEY;
  if (publicKey && privateKey) return (cachedKeys = { publicKey, privateKey, subject });
  if (publicKey || privateKey) {
    // A pair made up of one set key and one generated one would sign what no browser accepts.
    log.warn('Browser push is off: set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither.');
    return (cachedKeys = null);
  }
  if (config.isProduction && config.databaseUrl) {
    log.warn('Browser push is off: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY when DATABASE_URL is set in production.');
    return (cachedKeys = null);
  }
  const file = path.join(config.dataDir, 'vapid.json');
  const stored = readKeyFile(file);
  if (stored) return (cachedKeys = { ...stored, subject });
  mkdirSync(config.dataDir, { recursive: true });
  const generated = webpush.generateVAPIDKeys();
  try {
    writeFileSync(file, JSON.stringify(generated), { mode: 0o600, flag: 'wx' });
  } catch {
    // another process won the race; use its pair
    const theirs = readKeyFile(file);
    if (!theirs) throw new Error(`Could not read the browser push keys in ${file}.`);
    return (cachedKeys = { ...theirs, subject });
  }
  chmodSync(file, 0o600);
  return (cachedKeys = { ...generated, subject });
}

/** The VAPID public key browsers subscribe with (base64url), from VAPID_PUBLIC_KEY or the data directory; '' when push is off. */
export async function vapidPublicKey(): Promise<string> {
  return vapidKeys()?.publicKey ?? '';
}

/** The person's browsers with push enabled, newest first. */
export async function listPushDevices(db: Executor, user: { id: string; orgId: string }): Promise<PushDevice[]> {
  return db
    .select({
      id: pushSubscriptions.id,
      deviceName: pushSubscriptions.deviceName,
      createdAt: pushSubscriptions.createdAt,
      lastSuccessAt: pushSubscriptions.lastSuccessAt,
    })
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, user.id), eq(pushSubscriptions.orgId, user.orgId)))
    .orderBy(desc(pushSubscriptions.createdAt), desc(pushSubscriptions.id));
}

export type PushSubscriptionInput = { endpoint: string; p256dh: string; auth: string; deviceName: string };

export type SubscribePushResult = { ok: true; id: string } | { ok: false; error: 'endpoint' | 'keys' };

/** Bytes of a base64url text (padding allowed, as some browsers' JSON has it), or null for anything else. */
function base64urlBytes(value: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return null;
  return Buffer.from(value.replace(/=+$/, ''), 'base64url');
}

/**
 * Push services are on the internet: one on an internal network (loopback, private, link-local…)
 * is refused unless PUSH_INTERNAL_HOSTS lists it, so a made-up subscription cannot make Roster
 * post to its own network. A name is checked when a push is sent, where it is resolved.
 */
const pushAllowance = () => parseInternalHosts(process.env.PUSH_INTERNAL_HOSTS);

/**
 * A push service's address: https, no credentials in it, not an internal address, not too long
 * for the column's index.
 */
export function isPushEndpoint(endpoint: string): boolean {
  if (endpoint.length > ENDPOINT_MAX) return false;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    !url.username &&
    !url.password &&
    Boolean(url.hostname) &&
    !isRefusedLiteral(url.hostname, pushAllowance())
  );
}

/** The browser's keys: an uncompressed P-256 point (65 bytes) and a 16-byte auth secret. */
export function arePushKeys(p256dh: string, auth: string): boolean {
  const point = base64urlBytes(p256dh);
  const secret = base64urlBytes(auth);
  if (!point || point.length !== 65 || point[0] !== 0x04 || !secret || secret.length !== 16) return false;
  try {
    // Throws for bytes that are no point on the curve: such a key could never be encrypted to.
    ECDH.convertKey(point, 'prime256v1');
    return true;
  } catch {
    return false;
  }
}

/**
 * "Enable browser notifications": keeps the browser's subscription for the person. One browser has
 * one endpoint, so enabling again (or someone else signing in on that browser) replaces the row.
 */
export async function subscribePush(
  db: Db,
  user: { id: string; orgId: string },
  input: PushSubscriptionInput,
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<SubscribePushResult> {
  if (!isPushEndpoint(input.endpoint)) return { ok: false, error: 'endpoint' };
  if (!arePushKeys(input.p256dh, input.auth)) return { ok: false, error: 'keys' };
  const p256dh = input.p256dh.replace(/=+$/, '');
  const auth = input.auth.replace(/=+$/, '');
  const deviceName = input.deviceName.trim().slice(0, DEVICE_NAME_MAX);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(pushSubscriptions)
      .values({ orgId: user.orgId, userId: user.id, endpoint: input.endpoint, p256dh, auth, deviceName })
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: {
          orgId: user.orgId,
          userId: user.id,
          p256dh,
          auth,
          deviceName,
          lastSuccessAt: sql`case when ${pushSubscriptions.userId} = ${user.id} then ${pushSubscriptions.lastSuccessAt} end`,
          createdAt: sql`now()`,
        },
      })
      .returning({ id: pushSubscriptions.id });
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'notifications.push_enabled',
      targetType: 'user',
      targetId: user.id,
      data: { device: deviceName },
      meta,
    });
    return { ok: true as const, id: row.id };
  });
}

/** "Remove": one of the person's own browsers stops receiving pushes; anyone else's id changes nothing. */
export async function removePushDevice(
  db: Db,
  user: { id: string; orgId: string },
  id: string,
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ ok: boolean }> {
  if (!isUuid(id)) return { ok: false };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(pushSubscriptions)
      .where(
        and(
          eq(pushSubscriptions.id, id),
          eq(pushSubscriptions.userId, user.id),
          eq(pushSubscriptions.orgId, user.orgId),
        ),
      )
      .returning({ deviceName: pushSubscriptions.deviceName });
    if (!row) return { ok: false };
    await audit(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      action: 'notifications.push_removed',
      targetType: 'user',
      targetId: user.id,
      data: { device: row.deviceName },
      meta,
    });
    return { ok: true };
  });
}

type Claimed = {
  id: string;
  orgId: string;
  userId: string;
  title: string;
  body: string;
  url: string | null;
  createdAt: Date;
};
type Subscription = typeof pushSubscriptions.$inferSelect;

/**
 * Takes up to BATCH waiting notifications, oldest first, and clears their flag in the same
 * statement: a second worker skips the rows this one has locked and never sees them again, so
 * nothing goes out twice. A push that then fails is not retried (at most once, never forever).
 */
async function claimBatch(db: Db): Promise<Claimed[]> {
  const oldest = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.pushPending, true))
    .orderBy(notifications.createdAt, notifications.id)
    .limit(BATCH)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(notifications)
    .set({ pushPending: false })
    .where(and(inArray(notifications.id, oldest), eq(notifications.pushPending, true)))
    .returning({
      id: notifications.id,
      orgId: notifications.orgId,
      userId: notifications.userId,
      title: notifications.title,
      body: notifications.body,
      url: notifications.url,
      createdAt: notifications.createdAt,
    });
  // RETURNING keeps no order: oldest first again.
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

function payloadOf(n: Claimed): string {
  return JSON.stringify({
    title: n.title.slice(0, TITLE_MAX),
    body: n.body.slice(0, BODY_MAX),
    url: n.url,
    id: n.id,
  });
}

async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Sends every notification waiting for push (`notifications.push_pending`) to its person's
 * browsers, and clears the flag; a subscription the push service says is gone (404, 410) is
 * removed. Run by the job engine. Returns how many pushes went out.
 */
export async function sendPendingPushes(db: Db, now: Date = new Date()): Promise<{ sent: number; removed: number }> {
  const keys = vapidKeys();
  // The default agent's settings (its trusted certificates among them), with names resolved to
  // checked addresses only.
  const agent = new https.Agent({ ...https.globalAgent.options, lookup: guardedLookup(pushAllowance()) });
  let sent = 0;
  let removed = 0;
  for (;;) {
    const batch = await claimBatch(db);
    if (!batch.length) break;
    // Without keys nothing can be signed: the claim cleared the flags, so they do not pile up.
    if (!keys) continue;
    const userIds = [...new Set(batch.map((n) => n.userId))];
    const subscriptions = await db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.userId, userIds));
    const bySubscription = new Map<string, { s: Subscription; pending: Claimed[] }>();
    for (const s of subscriptions) bySubscription.set(s.id, { s, pending: [] });
    for (const n of batch) {
      for (const entry of bySubscription.values()) {
        if (entry.s.userId === n.userId && entry.s.orgId === n.orgId) entry.pending.push(n);
      }
    }
    const delivered = new Set<string>();
    const gone = new Set<string>();
    // Browsers in parallel, each one's notifications in order (oldest first), as they happened.
    await inParallel([...bySubscription.values()], PARALLEL, async ({ s, pending }) => {
      // Stored before internal addresses were refused, or no longer allowed: never a push service.
      if (!isPushEndpoint(s.endpoint)) {
        gone.add(s.id);
        return;
      }
      for (const n of pending) {
        try {
          await webpush.sendNotification(
            { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
            payloadOf(n),
            { TTL: TTL_SECONDS, timeout: TIMEOUT_MS, vapidDetails: keys, agent },
          );
          sent += 1;
          delivered.add(s.id);
        } catch (error) {
          const status = error instanceof WebPushError ? error.statusCode : undefined;
          if (status === 404 || status === 410) {
            gone.add(s.id);
            return;
          }
          log.warn(
            { notificationId: n.id, subscriptionId: s.id, status, err: (error as Error).message },
            'A browser push could not be delivered',
          );
        }
      }
    });
    if (gone.size) {
      const deleted = await db
        .delete(pushSubscriptions)
        .where(inArray(pushSubscriptions.id, [...gone]))
        .returning({ id: pushSubscriptions.id });
      removed += deleted.length;
    }
    const stillThere = [...delivered].filter((id) => !gone.has(id));
    if (stillThere.length) {
      await db.update(pushSubscriptions).set({ lastSuccessAt: now }).where(inArray(pushSubscriptions.id, stillThere));
    }
    if (batch.length < BATCH) break;
  }
  agent.destroy();
  return { sent, removed };
}
