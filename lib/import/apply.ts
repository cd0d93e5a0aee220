import 'server-only';

import { and, eq, inArray, sql } from 'drizzle-orm';

import type { Tx } from '@/db';
import { groupMembers, groups, users, type ManagedRole } from '@/db/schema';
import type { MessageKey } from '@/lib/i18n/message';

import { zodFieldErrors } from '../actions/define';
import { CONTROL_CHARACTERS_MESSAGE, hasForbiddenCharacters } from '../actions/text-rules';
import { audit } from '../audit/log';
import { loadPermissionSet } from '../auth/authorize';
import type { Permission } from '../auth/permissions';
import type { OrgActor } from '../org/actor';
import { groupsGrantingBeyond } from '../org/groups';
import { inviteProblems, inviteWithin, loadInviteContext, type InviteContext, type InviteItem } from '../org/invite';
import { inviteUserSchema, MANAGED_ROLE_OPTIONS, NAME_MAX } from '../org/invite-schema';
import { assignableRoles, mayManage } from '../org/user-admin';
import { JOB_TITLE_MAX } from '../profile/form-schema';
import { defaultPhoneRegion, normalizePhone } from '../profile/phone';
import { isValidUsername, normalizeUsername } from '../profile/username';
import { IMPORT_FIELDS, splitGroups, type ImportField } from './mapping';

/**
 * One CSV row of a user import, checked and applied inside the batch's transaction with the same
 * schema, invite policy and role limits as the "New user" form and the user page: a new address
 * becomes an invitation (with its mail), a known one is updated when the importer asked for it.
 */

export type ImportMapping = Partial<Record<ImportField, number>>;
export type ImportRow = { row: number; cells: string[] };
export type RowProblem = { row: number; column: ImportField | ''; value: string; message: MessageKey };
export type BatchCounts = { invited?: number; updated?: number; refused?: number; valid?: number };

type Existing = { id: string; orgId: string; email: string; role: ManagedRole; status: string };

/** What a batch reads once: the importer's rights, the organization's groups, the people the batch names. */
export type BatchContext = {
  invite: InviteContext;
  held: Set<Permission>;
  actor: OrgActor;
  groupsByName: Map<string, { id: string; beyond: boolean }>;
  existing: Map<string, Existing>;
  phoneRegion: ReturnType<typeof defaultPhoneRegion>;
};

const cellOf = (row: ImportRow, mapping: ImportMapping, field: ImportField): string => {
  const index = mapping[field];
  return index === undefined ? '' : (row.cells[index] ?? '').trim();
};

/** The email as the invitation would store it (or the cell as written when it is no address). */
export function rowEmail(row: ImportRow, mapping: ImportMapping): string {
  return cellOf(row, mapping, 'email').normalize('NFKC').trim().toLowerCase();
}

/** Reads what every row of a batch needs, in one query each. */
export async function loadBatchContext(
  tx: Tx,
  actor: OrgActor,
  locale: string,
  emails: string[],
): Promise<BatchContext | null> {
  const invite = await loadInviteContext(tx, actor);
  if (!invite) return null;
  // The importer's role as stored now, not as it was when the task started: rights taken away
  // during a long import apply from its next batch on.
  actor = { ...actor, role: invite.inviter.role };
  const held = await loadPermissionSet(tx, actor);
  if (!held.has('import.run')) return null;
  // Locked as a member change locks a group: a role given to one meanwhile waits for this batch.
  const orgGroups = await tx
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(eq(groups.orgId, actor.orgId))
    .for('share');
  const beyond = await groupsGrantingBeyond(
    tx,
    held,
    actor.orgId,
    orgGroups.map((g) => g.id),
  );
  const groupsByName = new Map(
    orgGroups.map((g) => [g.name.trim().toLowerCase(), { id: g.id, beyond: beyond.has(g.id) }]),
  );
  const wanted = [...new Set(emails.filter(Boolean))];
  const people = wanted.length
    ? await tx
        .select({ id: users.id, orgId: users.orgId, email: users.email, role: users.role, status: users.status })
        .from(users)
        .where(inArray(users.email, wanted))
    : [];
  return {
    invite,
    held,
    actor,
    groupsByName,
    existing: new Map(people.map((p) => [p.email, p])),
    phoneRegion: defaultPhoneRegion(locale),
  };
}

type Checked = {
  problems: RowProblem[];
  email: string;
  firstName: string;
  lastName: string;
  role: ManagedRole | null;
  groupIds: string[];
  jobTitle: string;
  phone: string;
  username: string;
};

const isManagedRole = (value: string): value is ManagedRole =>
  (MANAGED_ROLE_OPTIONS as readonly string[]).includes(value);

/** Everything about a row that needs no database: the form's schema, the groups, the optional fields. */
function checkCells(row: ImportRow, mapping: ImportMapping, ctx: BatchContext): Checked {
  const problems: RowProblem[] = [];
  const raw = (field: ImportField) => cellOf(row, mapping, field);
  // The forms' guard in front of every schema: a cell holding a control or direction character is
  // refused for that, whatever the field, and its other checks are not reported.
  const refused = new Set<ImportField>();
  for (const field of IMPORT_FIELDS) {
    if (!hasForbiddenCharacters(raw(field))) continue;
    refused.add(field);
    problems.push({ row: row.row, column: field, value: raw(field), message: CONTROL_CHARACTERS_MESSAGE });
  }
  const add = (column: ImportField, value: string, message: MessageKey) => {
    if (!refused.has(column)) problems.push({ row: row.row, column, value, message });
  };

  const roleCell = raw('role').toLowerCase();
  let role: ManagedRole | null = null;
  if (roleCell) {
    if (isManagedRole(roleCell)) role = roleCell;
    else add('role', raw('role'), 'usersImport.errors.roleUnknown');
  }
  const parsed = inviteUserSchema.safeParse({
    email: raw('email'),
    firstName: raw('firstName'),
    lastName: raw('lastName'),
    role: role ?? 'member',
  });
  if (!parsed.success) {
    const errors = zodFieldErrors(parsed.error);
    for (const field of ['email', 'firstName', 'lastName'] as const) {
      const first = errors[field]?.[0];
      if (first) add(field, raw(field), first);
    }
  }

  const groupIds: string[] = [];
  for (const name of splitGroups(raw('groups'))) {
    const group = ctx.groupsByName.get(name.toLowerCase());
    if (!group) add('groups', name, 'usersImport.errors.groupUnknown');
    else if (group.beyond) add('groups', name, 'usersImport.errors.groupBeyond');
    else groupIds.push(group.id);
  }

  const jobTitle = raw('jobTitle');
  if (jobTitle.length > JOB_TITLE_MAX) add('jobTitle', jobTitle, 'errors.tooLong');
  let phone = '';
  if (raw('phone')) {
    const checked = normalizePhone(raw('phone'), ctx.phoneRegion);
    if (checked.ok) phone = checked.e164;
    else add('phone', raw('phone'), 'profile.errors.phoneInvalid');
  }
  const username = raw('username') ? normalizeUsername(raw('username')) : '';
  if (username && !isValidUsername(username)) add('username', raw('username'), 'profile.errors.usernameFormat');

  return {
    problems,
    email: parsed.success ? parsed.data.email : raw('email'),
    firstName: raw('firstName').slice(0, NAME_MAX),
    lastName: raw('lastName').slice(0, NAME_MAX),
    role,
    groupIds,
    jobTitle,
    phone,
    username,
  };
}

/** Who holds each of `names` (lower-case usernames) in the organization. */
async function usernameHolders(tx: Tx, orgId: string, names: readonly string[]): Promise<Map<string, string>> {
  if (!names.length) return new Map();
  const rows = await tx
    .select({ id: users.id, username: sql<string>`lower(${users.username})` })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(sql`lower(${users.username})`, [...new Set(names)])));
  return new Map(rows.map((r) => [r.username, r.id]));
}

export type RowOutcome = { problems: RowProblem[]; did: 'invited' | 'updated' | null };
type Options = { updateExisting: boolean; dryRun: boolean };

/** The problems of an invitation the form's checks refused, as the row's cells. */
function refusedInvite(
  row: ImportRow,
  input: { email: string; role: string },
  fieldErrors: Record<string, MessageKey[]>,
) {
  return Object.entries(fieldErrors).map(([field, keys]): RowProblem => ({
    row: row.row,
    column: field as ImportField,
    value: field === 'role' ? input.role : input.email,
    message: keys[0],
  }));
}

/**
 * Checks a batch of rows and, unless `dryRun`, applies them: new addresses become invitations
 * all at once (`inviteWithin`, the form's own function), known people of the organization are
 * updated one by one. Returns each row's problems (none: applied, or would be) and what it did.
 */
export async function importRows(
  tx: Tx,
  ctx: BatchContext,
  rows: readonly ImportRow[],
  mapping: ImportMapping,
  options: Options,
): Promise<RowOutcome[]> {
  const checked = rows.map((row) => checkCells(row, mapping, ctx));
  const holders = await usernameHolders(tx, ctx.actor.orgId, checked.map((c) => c.username).filter(Boolean));
  const outcomes: RowOutcome[] = checked.map((c) => ({ problems: c.problems, did: null }));
  const inputOf = (c: Checked) => ({
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    role: c.role ?? 'member',
  });
  // The invite policy's verdict on every new address comes first: a row it refuses (a domain not
  // allowed, a role beyond the importer's) must not hold a username against a later row.
  const fresh = [...rows.keys()].filter(
    (i) => !checked[i].problems.some((p) => p.column === 'email') && !ctx.existing.has(checked[i].email),
  );
  const policy = new Map<number, Record<string, MessageKey[]>>();
  (
    await inviteProblems(
      tx,
      ctx.invite,
      fresh.map((i) => inputOf(checked[i])),
    )
  ).forEach((fieldErrors, k) => policy.set(fresh[k], fieldErrors));
  const invites: { index: number; item: InviteItem }[] = [];
  for (const [i, row] of rows.entries()) {
    const c = checked[i];
    const out = outcomes[i];
    if (out.problems.some((p) => p.column === 'email')) continue;
    const existing = ctx.existing.get(c.email);
    // A username is taken by someone else, or by an earlier row of this batch.
    const holder = c.username ? holders.get(c.username) : undefined;
    if (c.username && holder !== undefined && holder !== existing?.id)
      out.problems.push({
        row: row.row,
        column: 'username',
        value: c.username,
        message: 'profile.errors.usernameTaken',
      });
    if (!existing) {
      out.problems.push(...refusedInvite(row, inputOf(c), policy.get(i) ?? {}));
      if (out.problems.length) continue;
      if (c.username) holders.set(c.username, `row:${row.row}`);
      invites.push({
        index: i,
        item: {
          input: inputOf(c),
          extras: {
            ...(c.jobTitle ? { jobTitle: c.jobTitle } : {}),
            ...(c.phone ? { phone: c.phone } : {}),
            ...(c.username ? { username: c.username } : {}),
            ...(c.groupIds.length ? { groupIds: c.groupIds } : {}),
          },
        },
      });
      continue;
    }
    out.did = await updateExisting(tx, ctx, row, c, existing, options, out.problems);
    if (out.did && c.username) holders.set(c.username, existing.id);
  }
  if (!invites.length) return outcomes;
  // A check run has its verdict already; an import checks again as it invites.
  const refused: Record<string, MessageKey[]>[] = options.dryRun
    ? invites.map(() => ({}))
    : (
        await inviteWithin(
          tx,
          ctx.invite,
          invites.map((v) => v.item),
        )
      ).map((r) => (r.ok ? {} : r.reason === 'invalid' ? r.fieldErrors : { '': ['usersImport.errors.forbidden'] }));
  invites.forEach(({ index, item }, k) => {
    const problems = refusedInvite(rows[index], item.input, refused[k]);
    outcomes[index].problems.push(...problems);
    if (!problems.length) outcomes[index].did = 'invited';
  });
  return outcomes;
}

/** A person of the organization named by a row: updated when the importer asked for it and may. */
async function updateExisting(
  tx: Tx,
  ctx: BatchContext,
  row: ImportRow,
  checked: Checked,
  existing: Existing,
  options: Options,
  problems: RowProblem[],
): Promise<'updated' | null> {
  const fail = (message: MessageKey) => {
    problems.push({ row: row.row, column: 'email', value: checked.email, message });
    return null;
  };
  // Another organization's address is "taken", as the form says; ours is updated only when asked.
  if (existing.orgId !== ctx.actor.orgId) return fail('invites.errors.userExists');
  if (!options.updateExisting) return fail('usersImport.errors.exists');
  if (existing.status === 'deactivated') return fail('usersImport.errors.deactivated');
  if (!ctx.held.has('users.manage')) return fail('usersImport.errors.mayNotUpdate');
  if (!(await mayManage(tx, ctx.actor, existing))) return fail('usersImport.errors.outranked');
  const allowed = assignableRoles(ctx.actor);
  const roleChange = checked.role && checked.role !== existing.role ? checked.role : null;
  if (roleChange && (existing.role === 'owner' || !allowed.includes(roleChange) || !allowed.includes(existing.role)))
    problems.push({ row: row.row, column: 'role', value: roleChange, message: 'invites.errors.roleNotAllowed' });
  if (problems.length) return null;
  if (options.dryRun) return 'updated';

  const change: Partial<typeof users.$inferInsert> = {};
  if (checked.firstName) change.firstName = checked.firstName;
  if (checked.lastName) change.lastName = checked.lastName;
  if (checked.jobTitle) change.jobTitle = checked.jobTitle;
  if (checked.phone) change.phone = checked.phone;
  if (checked.username) change.username = checked.username;
  if (roleChange) change.role = roleChange;
  if (Object.keys(change).length)
    await tx
      .update(users)
      .set({ ...change, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(and(eq(users.id, existing.id), eq(users.orgId, ctx.actor.orgId)));
  const joined = checked.groupIds.length
    ? await tx
        .insert(groupMembers)
        .values(checked.groupIds.map((groupId) => ({ orgId: ctx.actor.orgId, groupId, userId: existing.id })))
        .onConflictDoNothing()
        .returning({ groupId: groupMembers.groupId })
    : [];
  await audit(tx, {
    orgId: ctx.actor.orgId,
    actorUserId: ctx.actor.id,
    action: 'user.imported',
    targetType: 'user',
    targetId: existing.id,
    data: {
      email: existing.email,
      fields: Object.keys(change),
      ...(roleChange ? { role: { from: existing.role, to: roleChange } } : {}),
      groupsAdded: joined.map((g) => g.groupId),
    },
  });
  return 'updated';
}
