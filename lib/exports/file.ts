import 'server-only';

import { and, eq } from 'drizzle-orm';

import type { Db, Tx } from '@/db';
import { blobs, tasks, users } from '@/db/schema';

import { BlobWriter } from '../files/blobs';
import type { RequestMeta } from '../http/request-meta';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/config';
import { readableFileName } from '../org/csv';
import type { TaskOutcome, TaskRun } from '../tasks/runner';

/** The owner's language and zone, as they are when the export runs. */
export type OwnerIntl = { locale: Locale; timeZone: string | null };

export async function ownerIntl(db: Db, userId: string): Promise<OwnerIntl> {
  const [row] = await db
    .select({ locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .where(eq(users.id, userId));
  return { locale: row && isLocale(row.locale) ? row.locale : DEFAULT_LOCALE, timeZone: row?.timeZone ?? null };
}

/** Where the export was asked for, kept with the task so its audit entry says so as a download's did. */
export type ExportMeta = Pick<RequestMeta, 'ip' | 'userAgent'>;

export function metaParams(meta: ExportMeta | undefined): { requestedFrom?: ExportMeta } {
  return meta ? { requestedFrom: { ip: meta.ip, userAgent: meta.userAgent } } : {};
}

export function metaOf(params: Record<string, unknown>): ExportMeta | undefined {
  const from = params.requestedFrom as Partial<ExportMeta> | undefined;
  if (!from || typeof from !== 'object') return undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 512) : null);
  return { ip: text(from.ip), userAgent: text(from.userAgent) };
}

/** "2026-12-06": the day part of an export's file name. */
export const exportDay = (at: Date = new Date()) => at.toISOString().slice(0, 10);

/** A file name without path separators or control characters, at most 200 characters. */
export function exportFileName(base: string): string {
  return `${readableFileName(base, 196) || 'export'}.csv`;
}

/** One keyset batch of an export: its CSV text and how many records it holds. */
export type ExportBatch = { text: string; rows: number };

/**
 * Writes an export into a new file, a batch at a time, each batch committing the task's progress.
 * An export starts over on every run: a file an interrupted run left unfinished is removed first,
 * so a task never ends with two files or with half of one. The file is recorded on the task as
 * soon as it exists, so the next run can find it. `finish` runs in the last transaction (the
 * audit entry), which commits only while this run still holds the task.
 */
export async function writeExport(
  run: TaskRun,
  file: {
    name: string;
    /** Null when counting ahead would cost as much as the export itself. */
    total: number | null;
    header: string;
    batches: AsyncIterable<ExportBatch>;
    finish: (tx: Tx, rows: number) => Promise<void>;
  },
): Promise<TaskOutcome> {
  const { db, task } = run;
  await restart(run);
  if (file.total !== null) await run.setTotal(file.total);
  const writer = await BlobWriter.open(db, {
    orgId: task.orgId,
    ownerUserId: task.ownerUserId,
    name: file.name,
    contentType: 'text/csv; charset=utf-8',
  });
  try {
    await run.setResult(writer.id);
    await writer.write(file.header);
    let rows = 0;
    for await (const batch of file.batches) {
      await writer.write(batch.text);
      rows += batch.rows;
      if (!(await run.batch(batch.rows, async () => undefined))) {
        await writer.discard();
        return { status: 'cancelled' };
      }
    }
    await writer.close();
    if (!(await run.batch(0, (tx) => file.finish(tx, rows)))) {
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

/**
 * Removes the file an earlier run of this task started and sets its progress back to nothing,
 * only while this run holds the task.
 */
async function restart(run: TaskRun): Promise<void> {
  const { db, task } = run;
  if (task.resultBlobId) {
    await db.delete(blobs).where(and(eq(blobs.id, task.resultBlobId), eq(blobs.orgId, task.orgId)));
  }
  if (task.done || task.resultBlobId) {
    await db
      .update(tasks)
      .set({ done: 0, resultBlobId: null })
      .where(and(eq(tasks.id, task.id), eq(tasks.runId, task.runId!)));
  }
}
