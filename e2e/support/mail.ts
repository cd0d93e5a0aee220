import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { parseEml, type ParsedMail } from '@/lib/mail/eml';

import { dataDir } from './browser';

export type Mail = ParsedMail & { file: string };

const LINK_TIMEOUT_MS = 20_000;

/**
 * The mail the server wrote for `to`, newest first, read from `<data dir>/mail/*.eml` as the
 * recipient's inbox would hold it. The mailbox page of a production server shows no bodies.
 */
export async function mailTo(to: string): Promise<Mail[]> {
  const dir = path.join(dataDir, 'mail');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  // `<ISO time>-<id>.eml`: the name sorts by the time it was written.
  names.sort().reverse();
  const mails = await Promise.all(
    names.map(async (file) => ({ file, ...parseEml(await readFile(path.join(dir, file), 'utf8')) })),
  );
  const address = to.toLowerCase();
  return mails.filter((m) => m.to.toLowerCase().replace(/^.*<([^>]+)>$/, '$1') === address);
}

/** The path of the newest link to `/<page>/<token>` mailed to `to`, or null. */
export async function newestLink(to: string, page: 'invite' | 'reset-password'): Promise<string | null> {
  const pattern = new RegExp(`/${page}/[A-Za-z0-9_-]+`);
  for (const mail of await mailTo(to)) {
    const link = pattern.exec(mail.text)?.[0];
    if (link) return link;
  }
  return null;
}

/**
 * Waits for a link mailed to `to` that differs from `before` (an earlier one): mail goes out
 * through the job queue, some time after the action that sends it. A plain loop, not expect.poll,
 * so that a spec's fixtures can wait for an invitation in beforeAll too.
 */
export async function awaitLink(
  to: string,
  page: 'invite' | 'reset-password',
  before: string | null = null,
): Promise<string> {
  const deadline = Date.now() + LINK_TIMEOUT_MS;
  for (;;) {
    const link = await newestLink(to, page);
    if (link && link !== before) return link;
    if (Date.now() > deadline)
      throw new Error(`No new /${page}/ link was mailed to ${to} within ${LINK_TIMEOUT_MS / 1000} s.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
