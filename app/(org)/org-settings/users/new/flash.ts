import 'server-only';

import { cookies } from 'next/headers';

import { sessionCookie } from '@/lib/auth/cookies';

/**
 * A one-line notice for the users page after an invitation was sent, resent or revoked: the
 * action redirects (or re-renders the list) and the pending-invitations list shows it. A server
 * component cannot delete a cookie, so the notice simply expires after a minute.
 */
const NAME = 'roster.invite-notice';
const PATH = '/org-settings/users';
const MAX_AGE_SECONDS = 60;

const KEYS = new Set([
  'invites.notice.sent',
  'invites.notice.resent',
  'invites.notice.revoked',
  'invites.errors.gone',
  'invites.errors.domainNotAllowed',
  'invites.errors.userExists',
]);

export type InviteNotice = { status: 'success' | 'error'; key: string; email?: string };

export async function setInviteNotice(notice: InviteNotice): Promise<void> {
  const value = Buffer.from(JSON.stringify(notice)).toString('base64url');
  (await cookies()).set(NAME, value, {
    path: PATH,
    maxAge: MAX_AGE_SECONDS,
    httpOnly: true,
    sameSite: 'lax',
    secure: sessionCookie().secure,
  });
}

/** Only the keys above are honoured: the cookie is the browser's to tamper with. */
export async function readInviteNotice(): Promise<InviteNotice | null> {
  const raw = (await cookies()).get(NAME)?.value;
  if (!raw || raw.length > 1000) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<InviteNotice>;
    if (parsed.status !== 'success' && parsed.status !== 'error') return null;
    if (typeof parsed.key !== 'string' || !KEYS.has(parsed.key)) return null;
    const email = typeof parsed.email === 'string' ? parsed.email.slice(0, 254) : undefined;
    return { status: parsed.status, key: parsed.key, email };
  } catch {
    return null;
  }
}
