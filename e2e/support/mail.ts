import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';

import { parseEml, type ParsedMail } from '@/lib/mail/eml';

import { dataDir } from './browser';

export type Mail = ParsedMail & { file: string };

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
 * through the job queue, some time after the action that sends it.
 */
export async function awaitLink(
  to: string,
  page: 'invite' | 'reset-password',
  before: string | null = null,
): Promise<string> {
  let link = '';
  await expect
    .poll(
      async () => {
        link = (await newestLink(to, page)) ?? '';
        return link !== '' && link !== before;
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBe(true);
  return link;
}
