import 'server-only';

import { and, desc, eq, notInArray, sql } from 'drizzle-orm';

import type { Db, Executor } from '@/db';
import { blobs, tasks, users, type TaskAction, type TaskStatus } from '@/db/schema';

import { audit } from '../audit/log';
import { config } from '../config';
import { exportDay, ownerIntl } from '../exports/file';
import { BlobWriter } from '../files/blobs';
import type { RequestMeta } from '../http/request-meta';
import { translatorFor } from '../i18n/translator';
import { enqueueMail } from '../mail/outbox';
import { greetingName, mailIntl } from '../mail/recipient';
import type { OrgActor } from '../org/actor';
import { registerTaskHandler, type TaskOutcome, type TaskRun } from '../tasks/runner';
import { insertTask, RESULT_DAYS, startTask } from '../tasks/tasks';
import {
  auditEntries,
  inAppNotifications,
  readConnections,
  readGroupsAndRoles,
  readNotificationHead,
  readPreferences,
  readProfile,
  readSecurity,
  readSessions,
  readTokens,
  sessionRef,
  type Person,
} from './collect';
import { jsonArray, jsonObjectWithList, jsonText, ZipStream } from './zip';

/** The task's action (a task, not an audit entry). */
export const DATA_EXPORT: TaskAction = 'data.export';

/** One export a day: a new one is possible this long after the last one was asked for. */
export const EXPORT_INTERVAL_MS = 24 * 3_600_000;

/** How long the file can be downloaded after it is made. */
export const EXPORT_KEEP_DAYS = RESULT_DAYS[DATA_EXPORT] ?? 7;

/** The archive's files, in the order they are written (README.txt first). */
export const EXPORT_FILES = [
  'README.txt',
  'profile.json',
  'preferences.json',
  'groups.json',
  'sessions.json',
  'notifications.json',
  'audit.json',
  'tokens.json',
  'security.json',
  'connections.json',
] as const;

/** Exports that count against the daily limit: those that ended without a file do not. */
const NOT_COUNTED: TaskStatus[] = ['failed', 'cancelled'];

export type LastExport = {
  id: string;
  status: TaskStatus;
  createdAt: Date;
  finishedAt: Date | null;
  hasFile: boolean;
};

/** The person's latest export, whatever became of it. */
export async function lastDataExport(db: Executor, person: Person): Promise<LastExport | null> {
  const [row] = await db
    .select({
      id: tasks.id,
      status: tasks.status,
      createdAt: tasks.createdAt,
      finishedAt: tasks.finishedAt,
      hasFile: sql<boolean>`${blobs.id} is not null`,
    })
    .from(tasks)
    .leftJoin(blobs, and(eq(blobs.id, tasks.resultBlobId), eq(blobs.complete, true)))
    .where(and(eq(tasks.ownerUserId, person.id), eq(tasks.orgId, person.orgId), eq(tasks.action, DATA_EXPORT)))
    .orderBy(desc(tasks.createdAt))
    .limit(1);
  return row ?? null;
}

/** When the person may ask for the next export; null: now. */
export async function nextExportAt(db: Executor, person: Person, now: Date = new Date()): Promise<Date | null> {
  const [row] = await db
    .select({ createdAt: tasks.createdAt })
    .from(tasks)
    .where(
      and(
        eq(tasks.ownerUserId, person.id),
        eq(tasks.orgId, person.orgId),
        eq(tasks.action, DATA_EXPORT),
        notInArray(tasks.status, NOT_COUNTED),
      ),
    )
    .orderBy(desc(tasks.createdAt))
    .limit(1);
  if (!row) return null;
  const next = new Date(row.createdAt.getTime() + EXPORT_INTERVAL_MS);
  return next > now ? next : null;
}

export type StartDataExportResult = { ok: true; taskId: string } | { ok: false; error: 'tooSoon'; nextAt: Date };

/**
 * "Export my data": at most one a day. The person's row is locked while the last export is
 * looked up, so two presses at once make one task. The audit entry and the task commit together.
 */
export async function startDataExport(
  db: Db,
  actor: OrgActor,
  request: { meta?: Pick<RequestMeta, 'ip' | 'userAgent'>; sessionId?: string | null },
  now: Date = new Date(),
): Promise<StartDataExportResult> {
  const outcome = await db.transaction(async (tx): Promise<StartDataExportResult> => {
    await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, actor.id), eq(users.orgId, actor.orgId)))
      .for('update');
    const nextAt = await nextExportAt(tx, actor, now);
    if (nextAt) return { ok: false, error: 'tooSoon', nextAt };
    const task = await insertTask(tx, {
      orgId: actor.orgId,
      ownerUserId: actor.id,
      name: `roster-data-${exportDay(now)}.zip`,
      action: DATA_EXPORT,
      params: request.sessionId ? { session: sessionRef(request.sessionId) } : {},
    });
    // The task row's time is the day's mark for the limit: the clock of the request, not the database's.
    await tx.update(tasks).set({ createdAt: now }).where(eq(tasks.id, task.id));
    await audit(tx, {
      orgId: actor.orgId,
      actorUserId: actor.id,
      action: 'data.export_requested',
      targetType: 'user',
      targetId: actor.id,
      data: { taskId: task.id },
      meta: request.meta,
    });
    return { ok: true, taskId: task.id };
  });
  if (outcome.ok) await startTask(outcome.taskId);
  return outcome;
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

/**
 * Writes the archive into a new file, a file of it at a time, each step committing the task's
 * progress (and stopping at "Cancel"). A run after an interruption starts over: the file an
 * earlier run left is removed first. The mail saying it is ready is queued in the last step.
 */
export async function runDataExport(run: TaskRun): Promise<TaskOutcome> {
  const { db, task, actor } = run;
  const person: Person = { id: actor.id, orgId: actor.orgId };
  if (task.resultBlobId)
    await db.delete(blobs).where(and(eq(blobs.id, task.resultBlobId), eq(blobs.orgId, task.orgId)));
  await db
    .update(tasks)
    .set({ done: 0, resultBlobId: null })
    .where(and(eq(tasks.id, task.id), eq(tasks.runId, task.runId!)));

  const intl = await ownerIntl(db, actor.id);
  const t = translatorFor(intl.locale);
  const profile = await readProfile(db, person);
  const files: [string, () => AsyncIterable<string> | Iterable<string>][] = [
    ['README.txt', () => once(readme(t, profile?.photo?.name ?? null))],
    ['profile.json', () => once(jsonText(profile?.json ?? null))],
    [
      'preferences.json',
      async function* () {
        yield jsonText(await readPreferences(db, person));
      },
    ],
    [
      'groups.json',
      async function* () {
        yield jsonText(await readGroupsAndRoles(db, person));
      },
    ],
    [
      'sessions.json',
      async function* () {
        const ref = typeof task.params.session === 'string' ? task.params.session : null;
        yield jsonText(await readSessions(db, person, ref));
      },
    ],
    [
      'notifications.json',
      async function* () {
        yield* jsonObjectWithList(await readNotificationHead(db, person), 'inApp', inAppNotifications(db, person));
      },
    ],
    ['audit.json', () => jsonArray(auditEntries(db, person))],
    [
      'tokens.json',
      async function* () {
        yield jsonText(await readTokens(db, person));
      },
    ],
    [
      'security.json',
      async function* () {
        yield jsonText(await readSecurity(db, person));
      },
    ],
    [
      'connections.json',
      async function* () {
        yield jsonText(await readConnections(db, person));
      },
    ],
  ];
  await run.setTotal(files.length + (profile?.photo ? 1 : 0));

  const writer = await BlobWriter.open(db, {
    orgId: task.orgId,
    ownerUserId: task.ownerUserId,
    name: task.name,
    contentType: 'application/zip',
  });
  try {
    await run.setResult(writer.id);
    const zip = new ZipStream(writer);
    const step = async (): Promise<boolean> => {
      if (await run.batch(1, async () => undefined)) return true;
      await writer.discard();
      return false;
    };
    for (const [name, pieces] of files) {
      await zip.text(name, pieces());
      if (!(await step())) return { status: 'cancelled' };
    }
    if (profile?.photo) {
      await zip.binary(profile.photo.name, profile.photo.bytes);
      if (!(await step())) return { status: 'cancelled' };
    }
    await zip.end();
    await writer.close();
    if (!(await run.batch(0, (tx) => queueReadyMail(tx, task.orgId, actor.id)))) {
      await writer.discard();
      return { status: 'cancelled' };
    }
    return { status: 'succeeded' };
  } catch (error) {
    // Nobody can download it: a failed or lost run leaves no file behind.
    await writer.discard().catch(() => undefined);
    throw error;
  }
}

function readme(t: ReturnType<typeof translatorFor>, photo: string | null): string {
  const lines = [
    t('dataExport.readme.intro'),
    '',
    ...EXPORT_FILES.map((name) => `${name}: ${t(`dataExport.readme.files.${fileKey(name)}`)}`),
    ...(photo ? [`${photo}: ${t('dataExport.readme.files.photo')}`] : []),
    '',
    t('dataExport.readme.leftOut'),
    '',
    t('dataExport.readme.docs'),
    '',
  ];
  return lines.join('\r\n');
}

const fileKey = (name: (typeof EXPORT_FILES)[number]) =>
  (
    ({
      'README.txt': 'readme',
      'profile.json': 'profile',
      'preferences.json': 'preferences',
      'groups.json': 'groups',
      'sessions.json': 'sessions',
      'notifications.json': 'notifications',
      'audit.json': 'audit',
      'tokens.json': 'tokens',
      'security.json': 'security',
      'connections.json': 'connections',
    }) as const
  )[name];

/** "Your data export is ready", in the person's language, with the link to the task list. */
async function queueReadyMail(tx: Executor, orgId: string, userId: string): Promise<void> {
  const [user] = await tx
    .select({ email: users.email, firstName: users.firstName, locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return;
  const { t, time } = mailIntl(user);
  const until = new Date(Date.now() + EXPORT_KEEP_DAYS * 86_400_000);
  await enqueueMail(tx, {
    orgId,
    to: user.email,
    subject: t('dataExport.mail.subject'),
    text: [
      t('mail.greeting', { name: greetingName(user) }),
      t('dataExport.mail.body', { url: `${config.appUrl}/settings/background-tasks`, until: time(until) }),
      t('dataExport.mail.notYou'),
    ].join('\n\n'),
  });
}

/** The mail queued with the last step goes out now rather than at the next tick. */
async function afterDataExport(): Promise<void> {
  const { kickMailQueue } = await import('../jobs/boss');
  await kickMailQueue();
}

export function registerDataExportHandler(): void {
  registerTaskHandler(DATA_EXPORT, runDataExport, afterDataExport);
}
