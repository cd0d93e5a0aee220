import 'server-only';

import type { Db } from '@/db';
import type { TaskAction } from '@/db/schema';

import { audit } from '../audit/log';
import { auditEntriesForExport, parseAuditFilters, type AuditFilters, type AuditRow } from '../audit/query';
import { loadPermissionSet } from '../auth/authorize';
import { formatDateTime, type FormatUser } from '../format';
import { translatorFor, type Translator } from '../i18n/translator';
import type { OrgActor } from '../org/actor';
import { csvRow } from '../org/csv';
import { describeUserAgent } from '../security/user-agent';
import { TaskFailure, type TaskOutcome, type TaskRun } from '../tasks/runner';
import { insertTask, startTask } from '../tasks/tasks';
import { actionLabel, actorLabel, targetLabel } from './audit-labels';
import { exportDay, exportFileName, metaOf, metaParams, ownerIntl, writeExport, type ExportMeta } from './file';

/** The task's action (a task, not an audit entry). */
export const AUDIT_EXPORT: TaskAction = 'audit.export';

/** The filters as the page's address carries them; parsed again with the page's own parser when the task runs. */
export type AuditExportFilters = { actor: string; action: string; from: string; to: string };

const FILTER_KEYS = ['actor', 'action', 'from', 'to'] as const;

function filtersOf(params: Record<string, unknown>, timeZone: string | null): AuditFilters {
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) if (typeof params[key] === 'string') raw[key] = params[key];
  return parseAuditFilters(raw, timeZone);
}

export function auditCsvHeader(t: Translator): string {
  return csvRow([
    t('auditLog.csv.id'),
    t('auditLog.csv.timeUtc'),
    t('auditLog.csv.time'),
    t('auditLog.csv.actorEmail'),
    t('auditLog.csv.actor'),
    t('auditLog.csv.action'),
    t('auditLog.csv.actionLabel'),
    t('auditLog.csv.targetType'),
    t('auditLog.csv.targetId'),
    t('auditLog.csv.target'),
    t('auditLog.csv.ip'),
    t('auditLog.csv.browser'),
    t('auditLog.csv.userAgent'),
    t('auditLog.csv.details'),
  ]);
}

export function auditCsvRow(t: Translator, e: AuditRow, viewer: FormatUser, org: { id: string; name: string }): string {
  return csvRow([
    e.id,
    e.createdAt,
    formatDateTime(e.createdAt, viewer),
    e.actorEmail,
    actorLabel(t, e),
    e.action,
    actionLabel(t, e.action),
    e.targetType,
    e.targetId,
    targetLabel(t, e, org),
    e.ip,
    e.userAgent ? describeUserAgent(e.userAgent).label : '',
    e.userAgent,
    Object.keys(e.data ?? {}).length ? JSON.stringify(e.data) : '',
  ]);
}

async function mayReadAudit(db: Db, actor: OrgActor): Promise<boolean> {
  return (await loadPermissionSet(db, actor)).has('audit.read');
}

export type StartExportResult = { ok: true; taskId: string } | { ok: false; error: 'forbidden' | 'notFound' };

/**
 * "Export CSV" on the audit log: the filters are read with the page's parser (what it cannot read
 * is left out, as on the page) and the task is queued. The permission is checked here and again
 * when the task runs.
 */
export async function startAuditExport(
  db: Db,
  actor: OrgActor,
  input: Partial<AuditExportFilters>,
  meta?: ExportMeta,
): Promise<StartExportResult> {
  if (!(await mayReadAudit(db, actor))) return { ok: false, error: 'forbidden' };
  const { locale, timeZone } = await ownerIntl(db, actor.id);
  const filters = filtersOf(input, timeZone);
  const t = translatorFor(locale);
  const task = await insertTask(db, {
    orgId: actor.orgId,
    ownerUserId: actor.id,
    name: exportFileName(t('auditLog.export.fileName', { org: actor.orgName, day: exportDay() })),
    action: AUDIT_EXPORT,
    params: {
      actor: filters.actor,
      action: filters.action,
      from: filters.from,
      to: filters.to,
      ...metaParams(meta),
    },
  });
  await startTask(task.id);
  return { ok: true, taskId: task.id };
}

/** The filtered log as CSV, in keyset batches, in the owner's language and zone. */
export async function runAuditExport(run: TaskRun): Promise<TaskOutcome> {
  const { db, actor, task } = run;
  if (!(await mayReadAudit(db, actor))) throw new TaskFailure('auditLog.export.forbidden');
  const viewer = await ownerIntl(db, actor.id);
  const t = translatorFor(viewer.locale);
  const filters = filtersOf(task.params, viewer.timeZone);
  const org = { id: actor.orgId, name: actor.orgName };

  async function* batches() {
    for await (const rows of auditEntriesForExport(db, actor.orgId, filters)) {
      yield { text: rows.map((e) => auditCsvRow(t, e, viewer, org)).join(''), rows: rows.length };
    }
  }

  return writeExport(run, {
    name: task.name,
    // The log's filters are not counted ahead: the progress shows the entries written so far.
    total: null,
    header: auditCsvHeader(t),
    batches: batches(),
    finish: (tx, rows) =>
      audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'audit.exported',
        targetType: 'organization',
        targetId: actor.orgId,
        data: {
          rows,
          filters: { actor: filters.actor, action: filters.action, from: filters.from, to: filters.to },
          taskId: task.id,
        },
        meta: metaOf(task.params),
      }),
  });
}
