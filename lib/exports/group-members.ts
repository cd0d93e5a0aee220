import 'server-only';

import type { Db } from '@/db';
import type { TaskAction } from '@/db/schema';

import { audit } from '../audit/log';
import { loadPermissionSet } from '../auth/authorize';
import { translatorFor } from '../i18n/translator';
import type { OrgActor } from '../org/actor';
import { csvRow } from '../org/csv';
import { countMembers, getGroup, memberCsvPages, MEMBERS_CSV_HEADER, type Group } from '../org/groups';
import { TaskFailure, type TaskOutcome, type TaskRun } from '../tasks/runner';
import { insertTask, startTask } from '../tasks/tasks';
import type { StartExportResult } from './audit';
import { exportFileName, metaOf, metaParams, ownerIntl, writeExport, type ExportMeta } from './file';

/** The task's action (a task, not an audit entry). */
export const GROUP_MEMBERS_EXPORT: TaskAction = 'group.members.export';

/**
 * The group as its settings page shows it: the organization's group, to someone who manages
 * groups (the same rule as the page and the old download). Null for anyone else, and for an
 * unknown, malformed or other organization's id alike.
 */
async function readableGroup(db: Db, actor: OrgActor, groupId: string): Promise<Group | null> {
  if (!(await loadPermissionSet(db, actor)).has('groups.manage')) return null;
  return getGroup(db, actor.orgId, groupId);
}

/** "Export CSV" on a group's page: queues the task for a group the actor may read. */
export async function startGroupMembersExport(
  db: Db,
  actor: OrgActor,
  { groupId }: { groupId: string },
  meta?: ExportMeta,
): Promise<StartExportResult> {
  const group = await readableGroup(db, actor, groupId);
  if (!group) return { ok: false, error: 'notFound' };
  const t = translatorFor((await ownerIntl(db, actor.id)).locale);
  const task = await insertTask(db, {
    orgId: actor.orgId,
    ownerUserId: actor.id,
    name: exportFileName(t('groups.exportTask.fileName', { group: group.name })),
    action: GROUP_MEMBERS_EXPORT,
    params: { groupId: group.id, ...metaParams(meta) },
  });
  await startTask(task.id);
  return { ok: true, taskId: task.id };
}

/** The group's members as CSV, with the header a download of them always had. */
export async function runGroupMembersExport(run: TaskRun): Promise<TaskOutcome> {
  const { db, actor, task } = run;
  const groupId = typeof task.params.groupId === 'string' ? task.params.groupId : '';
  const group = await readableGroup(db, actor, groupId);
  if (!group) throw new TaskFailure('groups.exportTask.forbidden');
  return writeExport(run, {
    name: task.name,
    total: await countMembers(db, actor.orgId, group.id),
    header: csvRow(MEMBERS_CSV_HEADER),
    batches: memberCsvPages(db, actor.orgId, group.id),
    finish: async (tx, rows) =>
      audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'group.exported',
        targetType: 'group',
        targetId: group.id,
        data: { name: group.name, members: rows, taskId: task.id },
        meta: metaOf(task.params),
      }),
  });
}
