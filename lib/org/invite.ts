import 'server-only';

import { and, eq, inArray, isNull, sql } from 'drizzle-orm';

import type { Db, Executor, Tx } from '@/db';
import { invitations, mailOutbox, organizations, users, type InvitationExtras } from '@/db/schema';
import type { MessageKey } from '@/lib/i18n/message';

import { zodFieldErrors } from '../actions/define';
import { isUuid } from '../actions/schema-fields';
import { audit, auditMany } from '../audit/log';
import { loadPermissionSet } from '../auth/authorize';
import { normalizeEmail } from '../auth/email';
import type { RequestMeta } from '../http/request-meta';
import { isLocale } from '../i18n/config';
import { translatorFor } from '../i18n/server';
import { kickMailQueue } from '../jobs/boss';
import { enqueueMails } from '../mail/outbox';
import type { OrgActor } from './actor';
import { createInvitation, createInvitations, INVITATION_DAYS, invitationIdsOf, invitationLink } from './invitations';
import { emailDomainAllowed, inviteRightsFor, type InvitePolicy, type InviteRights } from './invite-policy';
import { inviteUserSchema, type InviteUserInput, type InviteUserValues } from './invite-schema';

/**
 * The one way an invitation is created, resent or revoked — by the "New user" form, the
 * pending-invitations list, CSV import and the API alike — so the invite policy, the allowed
 * domains and the role limits hold whoever calls.
 */

type User = typeof users.$inferSelect;
type Org = typeof organizations.$inferSelect;
/** The inviter's row as stored now (read in the transaction, whatever the session held). */
type Inviter = Pick<
  User,
  'id' | 'orgId' | 'role' | 'status' | 'email' | 'firstName' | 'lastName' | 'displayName' | 'locale'
>;
type Meta = Pick<RequestMeta, 'ip' | 'userAgent'> | undefined;

export type { InviteRights };

/** The inviter's rights under `policy` (see inviteRightsFor), read from the database. */
export async function getInviteRights(
  db: Executor,
  inviter: Pick<User, 'id' | 'orgId' | 'role' | 'status'>,
  policy: InvitePolicy,
): Promise<InviteRights | null> {
  if (inviter.status !== 'active') return null;
  return inviteRightsFor(inviter, policy, await loadPermissionSet(db, inviter));
}

export type InviteResult =
  | { ok: true; invitationId: string; email: string }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'invalid'; fieldErrors: Record<string, MessageKey[]> };

export type InvitationChange =
  | { ok: true; email: string }
  | { ok: false; reason: 'forbidden' | 'gone' }
  | { ok: false; reason: 'refused'; message: MessageKey };

/**
 * The policy and the inviter are read inside the transaction: a policy saved a moment ago already
 * applies, and an inviter deactivated since signing in (or since their token was made) invites nobody.
 */
async function loadOrgAndRights(
  tx: Tx,
  actor: OrgActor,
): Promise<{ org: Org; inviter: Inviter; rights: InviteRights } | null> {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId)).limit(1);
  const [inviter] = await tx
    .select({
      id: users.id,
      orgId: users.orgId,
      role: users.role,
      status: users.status,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      displayName: users.displayName,
      locale: users.locale,
    })
    .from(users)
    .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)))
    .limit(1);
  if (!org || !inviter) return null;
  const rights = await getInviteRights(tx, inviter, org.invitePolicy);
  return rights ? { org, inviter, rights } : null;
}

/** Two invitations for one address at once would both find nothing to revoke; one waits here. */
async function lockAddress(tx: Tx, orgId: string, email: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`invite:${orgId}:${email}`}, 0))`);
}

/**
 * Emails are unique on the whole instance, so an address taken anywhere could never accept.
 * Of `emails`, those taken.
 */
async function takenAddresses(tx: Tx, emails: readonly string[]): Promise<Set<string>> {
  if (!emails.length) return new Set();
  const rows = await tx
    .select({ email: users.email })
    .from(users)
    .where(inArray(users.email, [...emails]));
  return new Set(rows.map((r) => r.email));
}

/** lockAddress for many addresses in one statement, in a fixed order so two batches never deadlock. */
async function lockAddresses(tx: Tx, orgId: string, emails: readonly string[]): Promise<void> {
  if (emails.length === 1) return lockAddress(tx, orgId, emails[0]);
  const keys = [...emails].sort().map((email) => sql`${`invite:${orgId}:${email}`}`);
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(array[${sql.join(keys, sql`, `)}]::text[]) as k order by k`,
  );
}

function displayName(user: Inviter): string {
  return user.displayName?.trim() || `${user.firstName} ${user.lastName}`.trim() || user.email;
}

/**
 * A revoked invitation's link is dead: its mail, if not sent yet, must not go out. Runs under the
 * address lock, after createInvitation revoked the invitation it replaces, so of any number of
 * invitations of one address at once only the last one's mail is left.
 */
async function dropDeadInvitationMail(tx: Tx, orgId: string, emails: readonly string[]): Promise<void> {
  const revoked = await invitationIdsOf(tx, orgId, emails.map(normalizeEmail), 'revoked');
  if (revoked.length)
    await tx.delete(mailOutbox).where(and(eq(mailOutbox.status, 'pending'), inArray(mailOutbox.invitationId, revoked)));
}

/** In the inviter's language: the invitee has no language of their own yet. */
async function queueInvitationMails(
  tx: Tx,
  input: { org: Org; inviter: Inviter; invites: readonly { email: string; token: string; id: string }[] },
): Promise<void> {
  if (!input.invites.length) return;
  await dropDeadInvitationMail(
    tx,
    input.org.id,
    input.invites.map((i) => i.email),
  );
  const t = translatorFor(isLocale(input.inviter.locale) ? input.inviter.locale : 'en');
  await enqueueMails(
    tx,
    input.invites.map((invite) => {
      const values = {
        inviter: displayName(input.inviter),
        org: input.org.name,
        link: invitationLink(invite.token),
        days: INVITATION_DAYS,
      };
      return {
        orgId: input.org.id,
        to: invite.email,
        subject: t('invites.mail.subject', values),
        text: t('invites.mail.body', values),
        invitationId: invite.id,
        // Through the inviter's own mailbox, where they chose so and the organization allows it.
        sendAsUserId: input.inviter.id,
      };
    }),
  );
}

export type InviteContext = { org: Org; inviter: Inviter; rights: InviteRights };

/**
 * The organization, the inviter as stored now and what they may hand out, read in `tx`: once
 * per transaction, whether it creates one invitation or an import's batch of them.
 */
export function loadInviteContext(tx: Tx, actor: OrgActor): Promise<InviteContext | null> {
  return loadOrgAndRights(tx, actor);
}

type FieldErrors = Record<string, MessageKey[]>;

/**
 * Why each of `inputs` may not be invited now (a role beyond the inviter's, the domain, an
 * address taken, the same address earlier in `inputs`); an empty object: it may. The addresses
 * that may be invited stay locked until the transaction ends.
 */
export async function inviteProblems(
  tx: Tx,
  { org, rights }: InviteContext,
  inputs: readonly InviteUserInput[],
): Promise<FieldErrors[]> {
  const problems = inputs.map((input) => {
    const fieldErrors: FieldErrors = {};
    if (!rights.roles.includes(input.role)) fieldErrors.role = ['invites.errors.roleNotAllowed'];
    if (!emailDomainAllowed(input.email, org.allowedEmailDomains))
      fieldErrors.email = ['invites.errors.domainNotAllowed'];
    return fieldErrors;
  });
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    if (problems[i].email) return;
    if (seen.has(input.email)) problems[i].email = ['invites.errors.userExists'];
    seen.add(input.email);
  });
  const open = inputs.filter((_, i) => !problems[i].email).map((input) => input.email);
  if (open.length) {
    await lockAddresses(tx, org.id, open);
    const taken = await takenAddresses(tx, open);
    inputs.forEach((input, i) => {
      if (!problems[i].email && taken.has(input.email)) problems[i].email = ['invites.errors.userExists'];
    });
  }
  return problems;
}

export type InviteItem = { input: InviteUserInput; extras?: InvitationExtras };

/**
 * Creates invitations, their audit entries and their mails in `tx`, after the same checks as the
 * form for each: the "New user" form and the API pass one, an import's batch many, in a few
 * statements for all of them. Results come in the order of `items`. The caller kicks the mail
 * queue once its transaction has committed.
 */
export async function inviteWithin(
  tx: Tx,
  context: InviteContext,
  items: readonly InviteItem[],
  options: { meta?: Meta } = {},
): Promise<InviteResult[]> {
  const { org, inviter } = context;
  const problems = await inviteProblems(
    tx,
    context,
    items.map((item) => item.input),
  );
  const accepted = items.filter((_, i) => !Object.keys(problems[i]).length);
  const created = await createInvitations(
    tx,
    org.id,
    accepted.map(({ input, extras }) => ({
      orgId: org.id,
      email: input.email,
      role: input.role,
      firstName: input.firstName,
      lastName: input.lastName,
      invitedByUserId: inviter.id,
      extras,
    })),
  );
  await auditMany(
    tx,
    created.map((invite, i) => ({
      orgId: org.id,
      actorUserId: inviter.id,
      action: 'invitation.created' as const,
      targetType: 'invitation',
      targetId: invite.id,
      data: { email: invite.email, role: accepted[i].input.role },
      meta: options.meta,
    })),
  );
  await queueInvitationMails(tx, { org, inviter, invites: created });
  const byEmail = new Map(created.map((invite) => [invite.email, invite]));
  return items.map((item, i): InviteResult => {
    if (Object.keys(problems[i]).length) return { ok: false, reason: 'invalid', fieldErrors: problems[i] };
    const invite = byEmail.get(normalizeEmail(item.input.email))!;
    return { ok: true, invitationId: invite.id, email: invite.email };
  });
}

/** `values` may come straight from a JSON body: they are parsed here with the form's schema. */
export async function inviteUser(
  db: Db,
  actor: OrgActor,
  values: { [K in keyof InviteUserValues]?: unknown },
  meta?: Meta,
): Promise<InviteResult> {
  const parsed = inviteUserSchema.safeParse(values);
  if (!parsed.success) return { ok: false, reason: 'invalid', fieldErrors: zodFieldErrors(parsed.error) };
  const result = await db.transaction(async (tx): Promise<InviteResult> => {
    const context = await loadOrgAndRights(tx, actor);
    if (!context) return { ok: false, reason: 'forbidden' };
    const [result] = await inviteWithin(tx, context, [{ input: parsed.data }], { meta });
    return result;
  });
  if (result.ok) await kickMailQueue();
  return result;
}

/**
 * A pending (possibly expired) invitation of the inviter's own organization that they may
 * manage, locked for the change; null for an unknown id, another organization's, or one they
 * could not have sent themselves — all alike.
 */
async function loadManageable(tx: Tx, inviter: Inviter, rights: InviteRights, invitationId: string) {
  if (!isUuid(invitationId)) return null;
  const [inv] = await tx
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.orgId, inviter.orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .for('update')
    .limit(1);
  if (!inv || !rights.roles.includes(inv.role)) return null;
  if (!rights.anyInvitation && inv.invitedByUserId !== inviter.id) return null;
  return inv;
}

/** A new link for the same person: the old token stops working, a fresh 7 days start. */
export async function resendInvitation(
  db: Db,
  actor: OrgActor,
  invitationId: string,
  meta?: Meta,
): Promise<InvitationChange> {
  const result = await db.transaction(async (tx): Promise<InvitationChange> => {
    const loaded = await loadOrgAndRights(tx, actor);
    if (!loaded) return { ok: false, reason: 'forbidden' };
    const { org, inviter, rights } = loaded;
    const previous = await loadManageable(tx, inviter, rights, invitationId);
    if (!previous) return { ok: false, reason: 'gone' };
    if (!emailDomainAllowed(previous.email, org.allowedEmailDomains))
      return { ok: false, reason: 'refused', message: 'invites.errors.domainNotAllowed' };
    await lockAddress(tx, org.id, previous.email);
    if ((await takenAddresses(tx, [previous.email])).size)
      return { ok: false, reason: 'refused', message: 'invites.errors.userExists' };

    // createInvitation revokes every pending invitation for the address, the previous one included.
    const invite = await createInvitation(tx, {
      orgId: org.id,
      email: previous.email,
      role: previous.role,
      firstName: previous.firstName,
      lastName: previous.lastName,
      extras: previous.extras,
      invitedByUserId: inviter.id,
    });
    await audit(tx, {
      orgId: org.id,
      actorUserId: inviter.id,
      action: 'invitation.resent',
      targetType: 'invitation',
      targetId: invite.id,
      data: { email: previous.email, role: previous.role, previousInvitationId: previous.id },
      meta,
    });
    await queueInvitationMails(tx, { org, inviter, invites: [{ ...invite, email: previous.email }] });
    return { ok: true, email: previous.email };
  });
  if (result.ok) await kickMailQueue();
  return result;
}

export async function revokeInvitation(
  db: Db,
  actor: OrgActor,
  invitationId: string,
  meta?: Meta,
): Promise<InvitationChange> {
  return db.transaction(async (tx): Promise<InvitationChange> => {
    const loaded = await loadOrgAndRights(tx, actor);
    if (!loaded) return { ok: false, reason: 'forbidden' };
    const { inviter } = loaded;
    const inv = await loadManageable(tx, inviter, loaded.rights, invitationId);
    if (!inv) return { ok: false, reason: 'gone' };
    await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, inv.id));
    await dropDeadInvitationMail(tx, inv.orgId, [inv.email]);
    await audit(tx, {
      orgId: inv.orgId,
      actorUserId: inviter.id,
      action: 'invitation.revoked',
      targetType: 'invitation',
      targetId: inv.id,
      data: { email: inv.email, role: inv.role },
      meta,
    });
    return { ok: true, email: inv.email };
  });
}
