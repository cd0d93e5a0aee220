import type { AddressInfo } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { getDb } from '@/db';
import { mailOutbox, organizations } from '@/db/schema';
import { log } from '@/lib/log';
import { drainOutbox, enqueueMail } from '@/lib/mail/outbox';
import { smtpTransport, type MailTransport } from '@/lib/mail/transport';

import { useTestDatabase } from '../support/database';

useTestDatabase();

const DAY = 86_400_000;
type Received = { to: string[]; raw: string };
const received: Received[] = [];
let smtp: SMTPServer | undefined;
let port: number;
let orgId: string;

/** A loopback mail server; on a fixed port it comes back where the app expects it after an outage. */
async function startSmtp(on = 0): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp!.listen(on, '127.0.0.1', resolve));
  return (smtp.server.address() as AddressInfo).port;
}

async function stopSmtp(): Promise<void> {
  if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
  smtp = undefined;
}

const transport = () => smtpTransport(`smtp://127.0.0.1:${port}`, 'Roster <no-reply@roster.test>');
const rowOf = async (id: string) => (await (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0];
const receivedBy = (address: string) => received.filter((r) => r.to.includes(address));

/** Lets `ms` pass for one mail: its history moves back, so it is due now and that much older. */
async function age(id: string, ms: number) {
  const row = await rowOf(id);
  await (
    await getDb()
  )
    .update(mailOutbox)
    .set({ createdAt: new Date(row.createdAt.getTime() - ms), nextAttemptAt: new Date(Date.now() - 1000) })
    .where(eq(mailOutbox.id, id));
}

beforeAll(async () => {
  port = await startSmtp();
  const [org] = await (await getDb()).insert(organizations).values({ name: 'Retry Org' }).returning();
  orgId = org.id;
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await stopSmtp();
});

describe('mail during an SMTP outage', () => {
  it('keeps retrying, at most an hour apart, for three days, warns once it is late, and sends it once the server is back', async () => {
    const db = await getDb();
    await stopSmtp();
    const warn = vi.spyOn(log, 'warn');
    const error = vi.spyOn(log, 'error');
    const id = await enqueueMail(db, { orgId, to: 'outage@mail.test', subject: 'Across the outage', text: 'x' });
    let waited = 0;
    let previousWait = 0;
    let attempts = 0;
    // Nearly three days of failed attempts, each after the wait the previous one set.
    while (waited < 3 * DAY - 2 * 3600_000) {
      expect(await drainOutbox(db, transport())).toEqual({ sent: 0, failed: 1 });
      attempts++;
      const row = await rowOf(id);
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(attempts);
      const wait = row.nextAttemptAt.getTime() - Date.now();
      expect(wait).toBeGreaterThan(previousWait - 5_000);
      expect(wait).toBeLessThanOrEqual(3600_000);
      previousWait = wait;
      await age(id, wait);
      waited += wait;
    }
    expect(attempts).toBeGreaterThan(60);
    expect(previousWait).toBeGreaterThan(3500_000);
    // Late mail is reported for alerting, by id, each time it fails again; none given up yet.
    const delayed = warn.mock.calls.filter((call) => call[1] === 'mail delayed');
    expect(delayed.length).toBeGreaterThan(60);
    expect(delayed.at(-1)?.[0]).toMatchObject({ mailId: id });
    expect(error).not.toHaveBeenCalled();

    await startSmtp(port);
    expect(await drainOutbox(db, transport())).toEqual({ sent: 1, failed: 0 });
    expect(await drainOutbox(db, transport())).toEqual({ sent: 0, failed: 0 });
    const mails = receivedBy('outage@mail.test');
    expect(mails).toHaveLength(1);
    expect(mails[0].raw).toMatch(new RegExp(`^Message-ID: <${id}@localhost>\\r?$`, 'm'));
    expect((await rowOf(id)).status).toBe('sent');
  });

  it('marks a mail failed only after three days, with an error to alert on', async () => {
    const db = await getDb();
    await stopSmtp();
    const error = vi.spyOn(log, 'error');
    const id = await enqueueMail(db, { orgId, to: 'lost@mail.test', subject: 'Never delivered', text: 'x' });
    await age(id, 3 * DAY - 60_000);
    expect(await drainOutbox(db, transport())).toEqual({ sent: 0, failed: 1 });
    expect((await rowOf(id)).status).toBe('pending');
    await age(id, 2 * 60_000);
    expect(await drainOutbox(db, transport())).toEqual({ sent: 0, failed: 1 });
    expect((await rowOf(id)).status).toBe('failed');
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ mailId: id }), 'mail failed');
    port = await startSmtp(port);
    expect(await drainOutbox(db, transport())).toEqual({ sent: 0, failed: 0 });
    expect(receivedBy('lost@mail.test')).toHaveLength(0);
  });
});

describe('a slow mail server', () => {
  it('does not make a mail go out twice when its batch outlives the lease', async () => {
    const db = await getDb();
    if (!smtp) port = await startSmtp(port);
    const ids = [
      await enqueueMail(db, { orgId, to: 'first@slow.test', subject: 'First', text: 'x' }),
      await enqueueMail(db, { orgId, to: 'second@slow.test', subject: 'Second', text: 'x' }),
    ];
    let other: Promise<{ sent: number; failed: number }> | undefined;
    // The first mail takes longer than the lease: meanwhile another worker finds the rest of
    // the batch due again and delivers it.
    const slow: MailTransport = {
      kind: 'smtp',
      send: async (mail) => {
        if (!other) {
          await db
            .update(mailOutbox)
            .set({ nextAttemptAt: new Date(Date.now() - 1000) })
            .where(
              inArray(
                mailOutbox.id,
                ids.filter((i) => i !== mail.id),
              ),
            );
          other = drainOutbox(db, transport());
          expect(await other).toEqual({ sent: 1, failed: 0 });
        }
        await transport().send(mail);
      },
    };
    expect(await drainOutbox(db, slow)).toEqual({ sent: 1, failed: 0 });
    expect(receivedBy('first@slow.test')).toHaveLength(1);
    expect(receivedBy('second@slow.test')).toHaveLength(1);
    expect((await db.select().from(mailOutbox).where(inArray(mailOutbox.id, ids))).map((r) => r.status)).toEqual([
      'sent',
      'sent',
    ]);
  });
});
