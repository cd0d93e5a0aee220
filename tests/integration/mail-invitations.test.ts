import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db';
import { invitations, mailOutbox, users } from '@/db/schema';
import { drainOutbox } from '@/lib/mail/outbox';
import { fileTransport } from '@/lib/mail/transport';
import { actorOf, type OrgActor } from '@/lib/org/actor';
import { hashToken } from '@/lib/org/invitations';
import { inviteUser, resendInvitation, revokeInvitation } from '@/lib/org/invite';

import { useTestDatabase } from '../support/database';
import { createOrgWithUser } from '../support/fixtures';

useTestDatabase();

let owner: OrgActor;

beforeAll(async () => {
  const { user, org } = await createOrgWithUser({ orgName: 'Invite Mail Org', email: 'owner@invite-mail.test' });
  owner = actorOf({ user, org });
});

const invite = async (email: string) =>
  inviteUser(await getDb(), owner, { email, firstName: 'Ida', lastName: 'Invitee', role: 'member' });

async function stateOf(email: string) {
  const db = await getDb();
  const pending = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, owner.orgId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
  const unsent = mails.filter((m) => m.status === 'pending');
  const tokenIn = (text: string) => /\/invite\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';
  return {
    pending,
    mails,
    unsent,
    linksLive: unsent.map((m) => pending.some((p) => p.tokenHash === hashToken(tokenIn(m.text)))),
  };
}

describe('invitation mail', () => {
  it('leaves one unsent mail, with the live link, after 20 invitations of one address at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => invite('crowd@invite-mail.test')));
    expect(results.every((r) => r.ok)).toBe(true);
    const { pending, unsent, linksLive } = await stateOf('crowd@invite-mail.test');
    expect(pending).toHaveLength(1);
    expect(unsent).toHaveLength(1);
    expect(linksLive).toEqual([true]);
    expect(await (await getDb()).select().from(users).where(eq(users.email, 'crowd@invite-mail.test'))).toHaveLength(0);
  });

  it('drops the unsent mail of an invitation that is resent or revoked, and keeps mail already sent', async () => {
    const db = await getDb();
    const first = await invite('again@invite-mail.test');
    if (!first.ok) throw new Error('invitation refused');
    // The first link went out; the resent one replaces it.
    await drainOutbox(db, fileTransport());
    expect((await stateOf('again@invite-mail.test')).mails.map((m) => m.status)).toEqual(['sent']);
    expect(await resendInvitation(db, owner, first.invitationId)).toMatchObject({ ok: true });
    const [second] = (await stateOf('again@invite-mail.test')).pending;
    expect(await resendInvitation(db, owner, second.id)).toMatchObject({ ok: true });
    const resent = await stateOf('again@invite-mail.test');
    expect(resent.mails.map((m) => m.status).sort()).toEqual(['pending', 'sent']);
    expect(resent.linksLive).toEqual([true]);

    expect(await revokeInvitation(db, owner, resent.pending[0].id)).toMatchObject({ ok: true });
    const revoked = await stateOf('again@invite-mail.test');
    expect(revoked.pending).toHaveLength(0);
    expect(revoked.mails.map((m) => m.status)).toEqual(['sent']);
  });
});
