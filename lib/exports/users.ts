import 'server-only';

import { and, asc, count, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { groupMembers, users, type TaskAction } from '@/db/schema';

import { audit } from '../audit/log';
import { loadPermissionSet } from '../auth/authorize';
import { translatorFor, type Translator } from '../i18n/translator';
import type { OrgActor } from '../org/actor';
import { csvRow } from '../org/csv';
import {
  loadUserListFilters,
  parseUserListQuery,
  userListWhere,
  type UserListQuery,
  type UserSort,
} from '../org/users-query';
import { TaskFailure, type TaskOutcome, type TaskRun } from '../tasks/runner';
import { insertTask, startTask } from '../tasks/tasks';
import type { StartExportResult } from './audit';
import { exportDay, exportFileName, metaOf, ownerIntl, writeExport, type ExportBatch } from './file';

/** The task's action (a task, not an audit entry). */
export const USERS_EXPORT: TaskAction = 'users.export';

/** Rows per keyset batch: one short query each, and one commit of the task's progress. */
export const USERS_EXPORT_BATCH = 1000;

/** The list's filters as its address carries them (`role` holds a managed role or a custom role's id). */
export type UsersExportFilters = { q: string; status: string; role: string; group: string; sort: string };

/**
 * The filters with the list's own parser, cleaned as the list cleans them for this person now:
 * a group they may no longer see, or a custom role that is gone, is no filter.
 */
async function queryFor(db: Db, actor: OrgActor, raw: Record<string, unknown>): Promise<UserListQuery | null> {
  const held = await loadPermissionSet(db, actor);
  if (!held.has('users.read')) return null;
  const params: Record<string, string> = {};
  for (const key of ['q', 'status', 'role', 'group', 'sort'] as const)
    if (typeof raw[key] === 'string') params[key] = raw[key];
  const { query } = await loadUserListFilters(
    db,
    { id: actor.id, orgId: actor.orgId, managesGroups: held.has('groups.manage') },
    parseUserListQuery(params),
  );
  return query;
}

/** The query as task parameters, in the list's own address form. */
function paramsOf(query: UserListQuery): UsersExportFilters {
  return {
    q: query.q,
    status: query.status ?? '',
    role: query.role ?? query.customRoleId ?? '',
    group: query.groupId ?? '',
    sort: query.sort,
  };
}

/** "Export CSV" on the users list: the list's current filters, checked as the list checks them. */
export async function startUsersExport(
  db: Db,
  actor: OrgActor,
  input: Partial<UsersExportFilters>,
): Promise<StartExportResult> {
  const query = await queryFor(db, actor, input);
  if (!query) return { ok: false, error: 'forbidden' };
  const t = translatorFor((await ownerIntl(db, actor.id)).locale);
  const task = await insertTask(db, {
    orgId: actor.orgId,
    ownerUserId: actor.id,
    name: exportFileName(t('orgUsers.export.fileName', { org: actor.orgName, day: exportDay() })),
    action: USERS_EXPORT,
    params: paramsOf(query),
  });
  await startTask(task.id);
  return { ok: true, taskId: task.id };
}

export function usersCsvHeader(t: Translator): string {
  return csvRow([
    t('orgUsers.export.columns.id'),
    t('orgUsers.export.columns.email'),
    t('orgUsers.export.columns.firstName'),
    t('orgUsers.export.columns.lastName'),
    t('orgUsers.export.columns.displayName'),
    t('orgUsers.export.columns.username'),
    t('orgUsers.export.columns.role'),
    t('orgUsers.export.columns.status'),
    t('orgUsers.export.columns.groups'),
    t('orgUsers.export.columns.createdUtc'),
  ]);
}

/**
 * Each sort of the list as a keyset: the sort key (read as text, so a timestamp keeps its
 * microseconds from one batch to the next) and the id after it, both in the list's direction.
 */
type Keyset = { key: SQL; cast: SQL; descending: boolean };

function keysetOf(sort: UserSort): Keyset {
  const name = sql`lower(${users.firstName} || ' ' || ${users.lastName})`;
  switch (sort) {
    case 'name':
    case 'name_desc':
      return { key: name, cast: sql`text`, descending: sort === 'name_desc' };
    case 'email':
    case 'email_desc':
      return { key: sql`${users.email}`, cast: sql`text`, descending: sort === 'email_desc' };
    case 'newest':
    case 'oldest':
      return { key: sql`${users.createdAt}`, cast: sql`timestamptz`, descending: sort === 'newest' };
  }
}

async function* userBatches(
  db: Executor,
  orgId: string,
  query: UserListQuery,
  t: Translator,
): AsyncGenerator<ExportBatch> {
  const where = userListWhere(orgId, query);
  const { key, cast, descending } = keysetOf(query.sort);
  const order = descending ? desc : asc;
  let after: { key: string; id: string } | null = null;
  for (;;) {
    let past: SQL | undefined;
    if (after) {
      const value = sql`cast(${after.key} as ${cast})`;
      past = or(
        descending ? sql`${key} < ${value}` : sql`${key} > ${value}`,
        and(sql`${key} = ${value}`, descending ? lt(users.id, after.id) : gt(users.id, after.id)),
      );
    }
    const rows = await db
      .select({
        id: users.id,
        email: users.email,
        firstName: users.firstName,
        lastName: users.lastName,
        displayName: users.displayName,
        username: users.username,
        role: users.role,
        status: users.status,
        createdAt: users.createdAt,
        sortKey: sql<string>`(${key})::text`,
      })
      .from(users)
      .where(and(where, past))
      .orderBy(order(key), order(users.id))
      .limit(USERS_EXPORT_BATCH);
    if (!rows.length) return;
    const counts = await db
      .select({ userId: groupMembers.userId, n: count() })
      .from(groupMembers)
      .where(
        and(
          eq(groupMembers.orgId, orgId),
          inArray(
            groupMembers.userId,
            rows.map((r) => r.id),
          ),
        ),
      )
      .groupBy(groupMembers.userId);
    const groupsOf = new Map(counts.map((c) => [c.userId, Number(c.n)]));
    const text = rows
      .map((u) =>
        csvRow([
          u.id,
          u.email,
          u.firstName,
          u.lastName,
          u.displayName,
          u.username,
          t(`roles.${u.role}.label`),
          t(`orgUsers.status.${u.status}`),
          groupsOf.get(u.id) ?? 0,
          u.createdAt,
        ]),
      )
      .join('');
    yield { text, rows: rows.length };
    if (rows.length < USERS_EXPORT_BATCH) return;
    const last = rows[rows.length - 1];
    after = { key: last.sortKey, id: last.id };
  }
}

/** The people matching the list's filters, in its order, in the owner's language. */
export async function runUsersExport(run: TaskRun): Promise<TaskOutcome> {
  const { db, actor, task } = run;
  const query = await queryFor(db, actor, task.params);
  if (!query) throw new TaskFailure('orgUsers.export.forbidden');
  const t = translatorFor((await ownerIntl(db, actor.id)).locale);
  const [{ total }] = await db.select({ total: count() }).from(users).where(userListWhere(actor.orgId, query));
  return writeExport(run, {
    name: task.name,
    total,
    header: usersCsvHeader(t),
    batches: userBatches(db, actor.orgId, query, t),
    finish: async (tx, rows) =>
      audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'user.list_exported',
        targetType: 'organization',
        targetId: actor.orgId,
        data: { rows, filters: task.params, taskId: task.id },
        meta: metaOf(task.params),
      }),
  });
}
