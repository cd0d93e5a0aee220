import 'server-only';

import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';

import type { Executor } from '@/db';
import { auditLog, groups, roles, users } from '@/db/schema';
import type { MessageKey } from '@/lib/i18n/message';

import { isUuid, UUID_PATTERN } from '../actions/schema-fields';
import { withoutForbiddenCharacters } from '../actions/text-rules';
import { localInputToDate } from '../availability/local-time';

export const AUDIT_PAGE_SIZE = 50;
const EXPORT_PAGE_SIZE = 500;

type Param = string | string[] | undefined;
const one = (v: Param) => ((Array.isArray(v) ? v[0] : v) ?? '').trim();

/** An exact action (`role.created`) or every action under a prefix (`role.*`). */
const ACTION = /^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CURSOR = /^\d{1,15}$/;

export type AuditFilters = {
  /** As typed: an email or name fragment, or an actor's id. */
  actor: string;
  action: string;
  from: string;
  to: string;
  /** The day range as instants: from the start of `from` to the end of `to`, in the viewer's zone. */
  start: Date | null;
  end: Date | null;
  errors: Partial<Record<'action' | 'from' | 'to', MessageKey>>;
};

export type AuditCursor = { before?: number; after?: number };

function nextDay(day: string): string {
  const [, y, m, d] = DAY.exec(day)!;
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d) + 1)).toISOString().slice(0, 10);
}

/** Midnight starting `day` in `zone`, or null when `day` is not a real calendar date. */
function dayStart(day: string, zone: string | null): Date | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const [, y, m, d] = match.map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return localInputToDate(`${day}T00:00`, zone);
}

/**
 * Filters from the query string. Something unreadable is reported and left out rather than
 * failing the page, so the log is always visible.
 */
export function parseAuditFilters(params: Record<string, Param>, timeZone: string | null): AuditFilters {
  // Control characters match no name (and a NUL cannot even reach PostgreSQL text): dropped.
  const filters: AuditFilters = {
    actor: withoutForbiddenCharacters(one(params.actor)).trim().slice(0, 100),
    action: '',
    from: '',
    to: '',
    start: null,
    end: null,
    errors: {},
  };
  const action = one(params.action);
  if (action) {
    if (action.length <= 100 && ACTION.test(action)) filters.action = action;
    else filters.errors.action = 'auditLog.errors.action';
  }
  const from = one(params.from);
  if (from) {
    const start = dayStart(from, timeZone);
    if (start) Object.assign(filters, { from, start });
    else filters.errors.from = 'auditLog.errors.date';
  }
  const to = one(params.to);
  if (to) {
    const end = dayStart(to, timeZone) && dayStart(nextDay(to), timeZone);
    if (end) Object.assign(filters, { to, end });
    else filters.errors.to = 'auditLog.errors.date';
  }
  if (filters.start && filters.end && filters.end.getTime() <= filters.start.getTime()) {
    filters.errors.to = 'auditLog.errors.order';
    Object.assign(filters, { to: '', end: null });
  }
  return filters;
}

export function parseCursor(params: Record<string, Param>): AuditCursor {
  const before = one(params.before);
  const after = one(params.after);
  if (CURSOR.test(before)) return { before: Number(before) };
  if (CURSOR.test(after)) return { after: Number(after) };
  return {};
}

/** The query string for these filters (and a cursor), for links and the CSV export. */
export function filtersQuery(
  filters: Pick<AuditFilters, 'actor' | 'action' | 'from' | 'to'>,
  cursor: AuditCursor = {},
): string {
  const q = new URLSearchParams();
  for (const key of ['actor', 'action', 'from', 'to'] as const) if (filters[key]) q.set(key, filters[key]);
  if (cursor.before) q.set('before', String(cursor.before));
  if (cursor.after) q.set('after', String(cursor.after));
  const text = q.toString();
  return text ? `?${text}` : '';
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Always scoped to the organization first; every filter only narrows it. */
function whereFor(orgId: string, filters: AuditFilters, extra?: SQL): SQL {
  const conditions: Array<SQL | undefined> = [eq(auditLog.orgId, orgId), extra];
  if (filters.actor) {
    if (UUID_PATTERN.test(filters.actor)) conditions.push(eq(auditLog.actorUserId, filters.actor.toLowerCase()));
    else {
      // The same expression as the trigram index on users, so the lookup stays fast.
      const haystack = sql`lower(${users.firstName} || ' ' || ${users.lastName} || ' ' || ${users.email} || ' ' || coalesce(${users.username}, ''))`;
      const matching = sql`select ${users.id} from ${users} where ${users.orgId} = ${orgId} and ${haystack} like ${`%${escapeLike(filters.actor.toLowerCase())}%`}`;
      conditions.push(sql`${auditLog.actorUserId} in (${matching})`);
    }
  }
  if (filters.action.endsWith('.*'))
    conditions.push(sql`${auditLog.action} like ${`${escapeLike(filters.action.slice(0, -1))}%`}`);
  else if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.start) conditions.push(gte(auditLog.createdAt, filters.start));
  if (filters.end) conditions.push(lt(auditLog.createdAt, filters.end));
  return and(...conditions)!;
}

export type AuditRow = {
  id: number;
  createdAt: Date;
  action: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
};

function selectRows(db: Executor, orgId: string) {
  return db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      actorUserId: auditLog.actorUserId,
      actorEmail: users.email,
      actorName: sql<string | null>`nullif(trim(${users.firstName} || ' ' || ${users.lastName}), '')`,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      ip: auditLog.ip,
      userAgent: auditLog.userAgent,
      data: auditLog.data,
    })
    .from(auditLog)
    .leftJoin(users, and(eq(users.id, auditLog.actorUserId), eq(users.orgId, orgId)));
}

/**
 * Names for the entries' targets, looked up in the organization only; a target that is gone
 * falls back to a name the entry recorded when it was written.
 */
async function withTargetNames(db: Executor, orgId: string, rows: Omit<AuditRow, 'targetName'>[]): Promise<AuditRow[]> {
  const ids = (type: string) => [
    ...new Set(rows.filter((r) => r.targetType === type && r.targetId && isUuid(r.targetId)).map((r) => r.targetId!)),
  ];
  const [people, roleRows, groupRows] = await Promise.all([
    ids('user').length
      ? db
          .select({ id: users.id, email: users.email, first: users.firstName, last: users.lastName })
          .from(users)
          .where(and(eq(users.orgId, orgId), inArray(users.id, ids('user'))))
      : [],
    ids('role').length
      ? db
          .select({ id: roles.id, name: roles.name })
          .from(roles)
          .where(and(eq(roles.orgId, orgId), inArray(roles.id, ids('role'))))
      : [],
    ids('group').length
      ? db
          .select({ id: groups.id, name: groups.name })
          .from(groups)
          .where(and(eq(groups.orgId, orgId), inArray(groups.id, ids('group'))))
      : [],
  ]);
  const names = new Map<string, string>();
  for (const p of people)
    names.set(
      `user:${p.id}`,
      `${p.first} ${p.last}`.trim() ? `${`${p.first} ${p.last}`.trim()} (${p.email})` : p.email,
    );
  for (const r of roleRows) names.set(`role:${r.id}`, r.name);
  for (const g of groupRows) names.set(`group:${g.id}`, g.name);
  return rows.map((r) => {
    const recorded = [r.data?.name, r.data?.groupName, r.data?.email].find(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    return { ...r, targetName: names.get(`${r.targetType}:${r.targetId}`) ?? recorded ?? null };
  });
}

export type AuditPage = { entries: AuditRow[]; newer: number | null; older: number | null };

/** One page, newest first, by id (keyset): stable while new entries keep arriving. */
export async function listAuditPage(
  db: Executor,
  orgId: string,
  filters: AuditFilters,
  cursor: AuditCursor,
  size = AUDIT_PAGE_SIZE,
): Promise<AuditPage> {
  const rows = cursor.after
    ? (
        await selectRows(db, orgId)
          .where(whereFor(orgId, filters, gt(auditLog.id, cursor.after)))
          .orderBy(asc(auditLog.id))
          .limit(size)
      ).reverse()
    : await selectRows(db, orgId)
        .where(whereFor(orgId, filters, cursor.before ? lt(auditLog.id, cursor.before) : undefined))
        .orderBy(desc(auditLog.id))
        .limit(size);
  if (!rows.length) return { entries: [], newer: null, older: null };
  const first = rows[0].id;
  const last = rows[rows.length - 1].id;
  const exists = async (condition: SQL) =>
    (
      await db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(whereFor(orgId, filters, condition))
        .limit(1)
    ).length > 0;
  const [hasNewer, hasOlder] = await Promise.all([exists(gt(auditLog.id, first)), exists(lt(auditLog.id, last))]);
  return {
    entries: await withTargetNames(db, orgId, rows),
    newer: hasNewer ? first : null,
    older: hasOlder ? last : null,
  };
}

/** Every matching entry, newest first, in keyset batches: memory stays flat for any size of log. */
export async function* auditEntriesForExport(
  db: Executor,
  orgId: string,
  filters: AuditFilters,
): AsyncGenerator<AuditRow[]> {
  let before: number | undefined;
  for (;;) {
    const rows = await selectRows(db, orgId)
      .where(whereFor(orgId, filters, before ? lt(auditLog.id, before) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(EXPORT_PAGE_SIZE);
    if (rows.length) yield await withTargetNames(db, orgId, rows);
    if (rows.length < EXPORT_PAGE_SIZE) return;
    before = rows[rows.length - 1].id;
  }
}
