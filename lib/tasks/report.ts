import 'server-only';

import { and, asc, eq, gt } from 'drizzle-orm';

import type { Executor } from '@/db';
import { taskRowErrors } from '@/db/schema';

import { pullStream } from '../http/stream';
import { log } from '../log';
import { csvRow } from '../org/csv';

/** Rows per query: each batch is its own short query, so neither memory nor a transaction grows with the report. */
export const REPORT_BATCH_ROWS = 1000;

/** Whether the task met a problem in any row, i.e. has an error report to download. */
export async function hasErrorReport(db: Executor, taskId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: taskRowErrors.id })
    .from(taskRowErrors)
    .where(eq(taskRowErrors.taskId, taskId))
    .limit(1);
  return row !== undefined;
}

async function* errorBatches(db: Executor, taskId: string) {
  for (let after = 0; ;) {
    const rows = await db
      .select({
        id: taskRowErrors.id,
        row: taskRowErrors.row,
        column: taskRowErrors.column,
        value: taskRowErrors.value,
        message: taskRowErrors.message,
      })
      .from(taskRowErrors)
      .where(and(eq(taskRowErrors.taskId, taskId), gt(taskRowErrors.id, after)))
      .orderBy(asc(taskRowErrors.id))
      .limit(REPORT_BATCH_ROWS);
    if (!rows.length) return;
    after = rows[rows.length - 1].id;
    yield rows;
    if (rows.length < REPORT_BATCH_ROWS) return;
  }
}

/**
 * A task's error report as CSV (row, column, value, message), read in keyset batches as the
 * client takes them. `header` is the translated header row; `columnLabel` names a row's column
 * (an import field's label), or gives '' for a problem of the whole row.
 */
export function errorReportStream(
  db: Executor,
  taskId: string,
  header: string[],
  columnLabel: (column: string) => string = () => '',
): ReadableStream<Uint8Array> {
  return pullStream(
    (async function* () {
      yield csvRow(header);
      try {
        for await (const batch of errorBatches(db, taskId))
          yield batch.map((e) => csvRow([e.row, columnLabel(e.column), e.value, e.message])).join('');
      } catch (error) {
        log.error({ err: String(error), taskId }, 'error report failed');
        throw error;
      }
    })(),
  );
}
