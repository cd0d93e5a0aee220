import 'server-only';

import { eq } from 'drizzle-orm';

import type { Db } from '@/db';
import { taskRowErrors, users } from '@/db/schema';
import type { MessageKey } from '@/lib/i18n/message';

import { z } from '../actions/zod';
import { findBlob, readBlob } from '../files/blobs';
import { isLocale } from '../i18n/config';
import { translatorFor } from '../i18n/translator';
import { kickMailQueue } from '../jobs/boss';
import { deliverNotification } from '../notifications/deliver';
import { TaskFailure, type TaskOutcome, type TaskRun } from '../tasks/runner';
import type { Task } from '../tasks/tasks';
import { importRows, loadBatchContext, rowEmail, type ImportMapping, type RowProblem } from './apply';
import { IMPORT_FIELDS, type ImportField } from './mapping';
import { CsvFileError, readCsv, type CsvFileErrorCode, type CsvFormat, type CsvItem } from './read';

/** Rows per file: the check keeps every address in memory, and each row may send an invitation. */
export const IMPORT_MAX_ROWS = 100_000;

/** Rows per transaction: a restart repeats at most this many rows' checks, never their writes. */
export const IMPORT_BATCH_ROWS = 250;

const column = z.optional(z.number().check(z.int(), z.gte(0)));
const mappingSchema = z.object(
  Object.fromEntries(IMPORT_FIELDS.map((field) => [field, column])) as Record<ImportField, typeof column>,
);

/** What the task needs, checked when it is made and again when it runs. */
export const importParamsSchema = z.object({
  blobId: z.string(),
  fileName: z.string(),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']),
  delimiter: z.enum([',', ';', '\t']),
  bom: z.boolean(),
  mapping: mappingSchema,
  updateExisting: z.boolean(),
});
export type ImportParams = z.output<typeof importParamsSchema>;

export const FILE_ERROR_KEYS: Record<CsvFileErrorCode, MessageKey> = {
  empty: 'usersImport.errors.empty',
  headerOnly: 'usersImport.errors.headerOnly',
  binary: 'usersImport.errors.binary',
  tooLarge: 'usersImport.errors.tooLarge',
  tooManyColumns: 'usersImport.errors.tooManyColumns',
  rowTooLong: 'usersImport.errors.rowTooLong',
  unclosedQuote: 'usersImport.errors.unclosedQuote',
  invalid: 'usersImport.errors.invalid',
};

const ROW_ERROR_KEYS: Record<'rowTooLong' | 'columnCount', MessageKey> = {
  rowTooLong: 'usersImport.errors.rowTooLong',
  columnCount: 'usersImport.errors.columnCount',
};

type Row = Extract<CsvItem, { kind: 'row' | 'rowError' }>;

async function* rowsOf(run: TaskRun, params: ImportParams): AsyncGenerator<Row> {
  const format: CsvFormat = { ok: true, encoding: params.encoding, delimiter: params.delimiter, bom: params.bom };
  try {
    for await (const item of readCsv(readBlob(run.db, params.blobId), format)) if (item.kind !== 'header') yield item;
  } catch (error) {
    if (error instanceof CsvFileError) throw new TaskFailure(FILE_ERROR_KEYS[error.code]);
    throw error;
  }
}

async function ownerLocale(db: Db, userId: string): Promise<'en' | 'de' | 'ru'> {
  const [row] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
  return row && isLocale(row.locale) ? row.locale : 'en';
}

/**
 * "Check file" (`dryRun`) and "Import": every row through the same checks, in batches that commit
 * with the task's progress; the import also writes. Each row's problems go to the error report.
 */
export async function runUserImport(run: TaskRun, dryRun: boolean): Promise<TaskOutcome> {
  const parsed = importParamsSchema.safeParse(run.task.params);
  if (!parsed.success) throw new TaskFailure('usersImport.errors.invalid');
  const params = parsed.data;
  if (!(await findBlob(run.db, run.task.orgId, params.blobId))) throw new TaskFailure('usersImport.errors.fileGone');
  const locale = await ownerLocale(run.db, run.actor.id);
  const t = translatorFor(locale);
  const mapping: ImportMapping = params.mapping;

  if (run.task.total === null) {
    let total = 0;
    for await (const row of rowsOf(run, params)) {
      total = row.row;
      if (total > IMPORT_MAX_ROWS) throw new TaskFailure('usersImport.errors.tooManyRows');
    }
    await run.setTotal(total);
  }

  // The first row of each address, for every row of the file (those done before a restart too).
  const firstRowOf = new Map<string, number>();
  let batch: Row[] = [];
  const flush = async (): Promise<boolean> => {
    const rows = batch;
    batch = [];
    let mailed = false;
    const applied = await run.batch(rows.length, async (tx) => {
      const emails = rows.flatMap((r) => (r.kind === 'row' ? [rowEmail(r, mapping)] : []));
      const ctx = await loadBatchContext(tx, run.actor, locale, emails);
      if (!ctx) throw new TaskFailure('usersImport.errors.forbidden');
      const problems: (RowProblem & { values?: Record<string, number> })[] = [];
      const counts: Record<string, number> = dryRun ? { valid: 0, refused: 0 } : { invited: 0, updated: 0, refused: 0 };
      const parsedRows: Extract<Row, { kind: 'row' }>[] = [];
      for (const item of rows) {
        if (item.kind === 'rowError') {
          problems.push({ row: item.row, column: '', value: '', message: ROW_ERROR_KEYS[item.code] });
          counts.refused++;
          continue;
        }
        const email = rowEmail(item, mapping);
        const first = firstRowOf.get(email);
        if (email && first !== undefined && first < item.row) {
          problems.push({
            row: item.row,
            column: 'email',
            value: email,
            message: 'usersImport.errors.duplicate',
            values: { row: first },
          });
          counts.refused++;
          continue;
        }
        parsedRows.push(item);
      }
      const outcomes = await importRows(tx, ctx, parsedRows, mapping, {
        updateExisting: params.updateExisting,
        dryRun,
      });
      for (const outcome of outcomes) {
        problems.push(...outcome.problems);
        if (outcome.did) counts[dryRun ? 'valid' : outcome.did]++;
        else counts.refused++;
      }
      if (problems.length)
        await tx.insert(taskRowErrors).values(
          problems.map((p) => ({
            taskId: run.task.id,
            row: p.row,
            column: p.column,
            value: p.value.slice(0, 1000),
            message: t(p.message, 'values' in p ? p.values : undefined),
          })),
        );
      mailed = counts.invited > 0 && !dryRun;
      return counts;
    });
    if (mailed) await kickMailQueue();
    return applied;
  };

  for await (const row of rowsOf(run, params)) {
    if (row.kind === 'row') {
      const email = rowEmail(row, mapping);
      if (email && !firstRowOf.has(email)) firstRowOf.set(email, row.row);
    }
    if (row.row <= run.task.done) continue;
    batch.push(row);
    if (batch.length >= IMPORT_BATCH_ROWS && !(await flush())) return { status: 'cancelled' };
  }
  if (batch.length && !(await flush())) return { status: 'cancelled' };
  return { status: 'succeeded' };
}

/** "import.finished" to the importer, on the channels their settings allow. */
export async function notifyImportFinished(db: Db, task: Task): Promise<void> {
  const locale = await ownerLocale(db, task.ownerUserId);
  const t = translatorFor(locale);
  const counts = { invited: 0, updated: 0, refused: 0, ...task.counts };
  await deliverNotification(db, {
    orgId: task.orgId,
    userId: task.ownerUserId,
    event: 'import.finished',
    title: t(task.status === 'succeeded' ? 'usersImport.notification.done' : 'usersImport.notification.ended', {
      name: task.name,
    }),
    body: t('usersImport.notification.body', counts),
    url: '/settings/background-tasks',
  });
  await kickMailQueue();
}

export type { ImportField };
