import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { revokeInvitation } from '@/app/(org)/org-settings/users/invitation-actions';
import { inviteUser } from '@/app/(org)/org-settings/users/new/actions';
import { acceptInvitation } from '@/app/invite/[token]/actions';
import InvitationPage from '@/app/invite/[token]/page';
import { signInWithPassword } from '@/app/sign-in/actions';
import { getDb } from '@/db';
import { invitations, mailOutbox, organizations, users } from '@/db/schema';
import { getCurrentSession } from '@/lib/auth/current';
import { acceptInvitation as acceptDirectly } from '@/lib/org/accept-invitation';
import { createOrganizationWithOwnerInvite } from '@/lib/org/create-org';
import { hashToken } from '@/lib/org/invitations';

import { TestClient, toFormData } from '../support/client';
import { useTestDatabase } from '../support/database';
import { createOrgWithUser, STRONG_PASSWORD } from '../support/fixtures';
import { renderHtml } from '../support/render';

useTestDatabase();

const tokenOf = (link: string) => link.split('/invite/')[1];

describe('owner invitation of a new organization', () => {
  it('queues the invitation mail with the link built from APP_URL and stores only the token hash', async () => {
    const db = await getDb();
    const { link, orgId } = await createOrganizationWithOwnerInvite(db, {
      name: 'Globex',
      ownerEmail: 'hank@globex.test',
    });
    expect(link).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    const [inv] = await db.select().from(invitations).where(eq(invitations.orgId, orgId));
    expect(inv.tokenHash).toBe(hashToken(tokenOf(link)));
    expect(inv.tokenHash).not.toContain(tokenOf(link));
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'hank@globex.test'));
    expect(mail.text).toContain(link);
  });

  it('accepts once with a policy-compliant password, signs in, and is void afterwards', async () => {
    const db = await getDb();
    const { link } = await createOrganizationWithOwnerInvite(db, { name: 'Initech', ownerEmail: 'bill@initech.test' });
    const token = tokenOf(link);
    const browser = new TestClient();

    const weak = await browser.action(acceptInvitation, {
      token,
      password: 'Initech2026!',
      confirmPassword: 'Initech2026!',
    });
    expect(weak.result?.fieldErrors?.password?.join(' ')).toMatch(/name, email or organization/);
    expect(await db.select().from(users).where(eq(users.email, 'bill@initech.test'))).toHaveLength(0);

    const ok = await browser.action(acceptInvitation, {
      token,
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
    });
    expect(ok.redirect).toBe('/settings/profile');
    const me = (await browser.run(() => getCurrentSession())).result;
    expect(me?.user.email).toBe('bill@initech.test');
    expect(me?.user.role).toBe('owner');

    const twice = await new TestClient().action(acceptInvitation, {
      token,
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
    });
    expect(twice.result?.message).toMatch(/no longer valid/);
  });

  it('names the owner given on the command line, and says on the invitation page that the instance invited them', async () => {
    const db = await getDb();
    const { link } = await createOrganizationWithOwnerInvite(db, {
      name: 'Stark Labs',
      ownerEmail: 'pepper@starklabs.test',
      ownerFirstName: 'Pepper',
      ownerLastName: 'Potts',
    });
    const token = tokenOf(link);
    const browser = new TestClient();
    const html = await renderHtml(browser, () => InvitationPage({ params: Promise.resolve({ token }) }));
    expect(html.result).toContain(
      'The administrator of this Roster instance invited you to Stark Labs as pepper@starklabs.test.',
    );
    const ok = await browser.action(acceptInvitation, {
      token,
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
    });
    expect(ok.redirect).toBe('/settings/profile');
    const [owner] = await db.select().from(users).where(eq(users.email, 'pepper@starklabs.test'));
    expect(owner).toMatchObject({ firstName: 'Pepper', lastName: 'Potts', role: 'owner' });
  });

  it('refuses an expired invitation', async () => {
    const db = await getDb();
    const { link, orgId } = await createOrganizationWithOwnerInvite(db, {
      name: 'Umbrella',
      ownerEmail: 'al@umbrella.test',
    });
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.orgId, orgId));
    const outcome = await new TestClient().action(acceptInvitation, {
      token: tokenOf(link),
      password: STRONG_PASSWORD,
      confirmPassword: STRONG_PASSWORD,
    });
    expect(outcome.result?.message).toMatch(/no longer valid/);
    expect(await db.select().from(users).where(eq(users.email, 'al@umbrella.test'))).toHaveLength(0);
  });
});

describe('accepting an invitation sent from the organization', () => {
  let orgId: string;
  let owner: TestClient;
  const accept = (browser: TestClient, token: string) =>
    browser.action(acceptInvitation, { token, password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD });
  const accountsFor = async (email: string) => (await getDb()).select().from(users).where(eq(users.email, email));

  /** Invites through the New user form and returns the link's token from the queued mail. */
  async function invite(email: string): Promise<string> {
    const outcome = await owner.action(inviteUser, { email, firstName: 'Ida', lastName: 'Invitee', role: 'member' });
    expect(outcome.redirect).toBe('/org-settings/users');
    const [mail] = await (
      await getDb()
    )
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, email))
      .orderBy(desc(mailOutbox.createdAt))
      .limit(1);
    return tokenOf(/http:\/\/\S+/.exec(mail.text)![0]);
  }

  beforeAll(async () => {
    orgId = (await createOrgWithUser({ orgName: 'Wonka', email: 'willy@wonka.test', role: 'owner' })).org.id;
    owner = new TestClient();
    expect(
      (await owner.action(signInWithPassword, { email: 'willy@wonka.test', password: STRONG_PASSWORD })).redirect,
    ).toBe('/settings/profile');
  });

  it('refuses an invitation that was revoked', async () => {
    const token = await invite('rita@wonka.test');
    const [inv] = await (await getDb()).select().from(invitations).where(eq(invitations.email, 'rita@wonka.test'));
    await owner.run(() => revokeInvitation(toFormData({ invitationId: inv.id })));
    expect((await accept(new TestClient(), token)).result?.message).toMatch(/no longer valid/);
    expect(await accountsFor('rita@wonka.test')).toHaveLength(0);
  });

  it('is bound to its address: signed in as someone else, it is refused', async () => {
    const token = await invite('sam@wonka.test');
    const outcome = await accept(owner, token);
    expect(outcome.result?.message).toBe(
      'You are signed in as willy@wonka.test. Sign out first to accept an invitation for sam@wonka.test.',
    );
    expect(await accountsFor('sam@wonka.test')).toHaveLength(0);
    expect((await owner.run(() => getCurrentSession())).result?.user.email).toBe('willy@wonka.test');
  });

  it('re-checks the allowed domains at acceptance, in the action and inside the transaction', async () => {
    const token = await invite('tom@elsewhere.test');
    await (
      await getDb()
    )
      .update(organizations)
      .set({ allowedEmailDomains: ['wonka.test'] })
      .where(eq(organizations.id, orgId));
    const outcome = await accept(new TestClient(), token);
    expect(outcome.result?.message).toBe(
      'This invitation can no longer be accepted: the organization no longer allows this email domain. Ask your administrator.',
    );
    expect(
      await acceptDirectly(await getDb(), token, STRONG_PASSWORD, { ip: null, userAgent: null, requestId: null }),
    ).toEqual({ ok: false, reason: 'domain' });
    expect(await accountsFor('tom@elsewhere.test')).toHaveLength(0);

    await (
      await getDb()
    )
      .update(organizations)
      .set({ allowedEmailDomains: ['elsewhere.test', 'wonka.test'] })
      .where(eq(organizations.id, orgId));
    expect((await accept(new TestClient(), token)).redirect).toBe('/settings/profile');
    expect(await accountsFor('tom@elsewhere.test')).toHaveLength(1);
    expect((await accept(new TestClient(), token)).result?.message).toMatch(/no longer valid/);
    await (await getDb()).update(organizations).set({ allowedEmailDomains: [] }).where(eq(organizations.id, orgId));
  });
});

describe('npm run org:create', () => {
  // Two processes each start tsx and an embedded database: seconds on an idle machine, much more
  // on a busy one, so the limit is only there to end a hung run.
  it('creates an organization on the embedded database and prints the owner link', { timeout: 600_000 }, () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'roster-cli-'));
    const run = spawnSync(
      'npm',
      [
        'run',
        '--silent',
        'org:create',
        '--',
        '--name',
        'Stark Industries',
        '--owner-email',
        'Pepper@Stark.test',
        '--owner-first-name',
        'Pepper',
        '--owner-last-name',
        'Potts',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '', ROSTER_DATA_DIR: dataDir, APP_URL: 'https://roster.example' },
        timeout: 290_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Created organization "Stark Industries"');
    expect(run.stdout).toMatch(/https:\/\/roster\.example\/invite\/[A-Za-z0-9_-]{43}/);
    expect(run.stdout).toContain('pepper@stark.test');

    const bad = spawnSync('npm', ['run', '--silent', 'org:create', '--', '--name', 'X'], {
      encoding: 'utf8',
      env: { ...process.env, ROSTER_DATA_DIR: dataDir },
      timeout: 290_000,
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Usage');
  });
});
