import 'server-only';

import { and, eq, inArray, sql } from 'drizzle-orm';

import type { Db } from '@/db';
import { blobs, tasks } from '@/db/schema';
import type { MessageKey } from '@/lib/i18n/message';

import { audit } from '../audit/log';
import { loadPermissionSet } from '../auth/authorize';
import { blobHead, BlobTooLarge, findBlob, readBlob, saveBlob, type BlobInfo } from '../files/blobs';
import type { RequestMeta } from '../http/request-meta';
import type { OrgActor } from '../org/actor';
import { readableFileName } from '../org/csv';
import { insertTask, startTask } from '../tasks/tasks';
import { IMPORT_FIELDS, suggestMapping, type ImportField } from './mapping';
import { CsvFileError, DETECT_BYTES, detectFormat, IMPORT_MAX_BYTES, previewCsv, type CsvFormat } from './read';
import { FILE_ERROR_KEYS, type ImportParams } from './task';

/**
 * The steps before an import runs: the upload (kept as a file of the importer's), the preview the
 * mapping screen shows, and the task that checks or imports it. Each checks `import.run` itself.
 */

type Meta = Pick<RequestMeta, 'ip' | 'userAgent'> | undefined;

export type ImportPreview = {
  blobId: string;
  fileName: string;
  size: number;
  format: CsvFormat;
  headers: string[];
  sample: string[][];
  suggested: Partial<Record<ImportField, number>>;
};

export type PreviewResult = { ok: true; preview: ImportPreview } | { ok: false; error: MessageKey };

async function mayImport(db: Db, actor: OrgActor): Promise<boolean> {
  return (await loadPermissionSet(db, actor)).has('import.run');
}

/** The uploaded file, if it is the actor's own upload in their organization. */
async function ownUpload(db: Db, actor: OrgActor, blobId: string): Promise<BlobInfo | null> {
  const blob = await findBlob(db, actor.orgId, blobId);
  return blob && blob.ownerUserId === actor.id ? blob : null;
}

async function previewOf(db: Db, blob: BlobInfo): Promise<PreviewResult> {
  const format = detectFormat(await blobHead(db, blob.id, DETECT_BYTES));
  if (!format.ok) return { ok: false, error: FILE_ERROR_KEYS[format.code] };
  try {
    const { headers, sample } = await previewCsv(readBlob(db, blob.id), format);
    return {
      ok: true,
      preview: {
        blobId: blob.id,
        fileName: blob.name,
        size: blob.size,
        format,
        headers,
        sample,
        suggested: suggestMapping(headers),
      },
    };
  } catch (error) {
    if (error instanceof CsvFileError) return { ok: false, error: FILE_ERROR_KEYS[error.code] };
    throw error;
  }
}

/** A name fit for a download: the file's own name without any path, at most 200 characters. */
export function uploadName(name: string): string {
  // The name without a path some browsers send along (C:\fakepath\people.csv).
  return readableFileName(name.split(/[\\/]/).pop() ?? '', 200) || 'import.csv';
}

/**
 * Keeps an uploaded CSV (at most IMPORT_MAX_BYTES, read as it streams) and reads its first rows.
 * A file that is no CSV, empty, or header only is refused here and not kept.
 */
export async function uploadImportFile(
  db: Db,
  actor: OrgActor,
  file: { name: string; stream: AsyncIterable<Uint8Array> },
): Promise<PreviewResult> {
  if (!(await mayImport(db, actor))) return { ok: false, error: 'usersImport.errors.forbidden' };
  let blob: BlobInfo;
  try {
    blob = await saveBlob(
      db,
      { orgId: actor.orgId, ownerUserId: actor.id, name: uploadName(file.name), contentType: 'text/csv' },
      file.stream,
      IMPORT_MAX_BYTES,
    );
  } catch (error) {
    if (error instanceof BlobTooLarge) return { ok: false, error: 'usersImport.errors.tooLarge' };
    throw error;
  }
  if (blob.size === 0) {
    await db.delete(blobs).where(eq(blobs.id, blob.id));
    return { ok: false, error: 'usersImport.errors.empty' };
  }
  const result = await previewOf(db, blob);
  if (!result.ok) await db.delete(blobs).where(and(eq(blobs.id, blob.id), eq(blobs.ownerUserId, actor.id)));
  return result;
}

/** The mapping screen's view of an upload; null for anything but the actor's own. */
export async function importPreview(db: Db, actor: OrgActor, blobId: string): Promise<PreviewResult | null> {
  if (!(await mayImport(db, actor))) return null;
  const blob = await ownUpload(db, actor, blobId);
  return blob ? previewOf(db, blob) : null;
}

export type StartImportInput = {
  blobId: string;
  /** Column index per field, from the mapping screen; missing: not imported. */
  mapping: Partial<Record<ImportField, number>>;
  updateExisting: boolean;
  dryRun: boolean;
};

export type StartImportResult =
  | { ok: true; taskId: string }
  | { ok: false; error: MessageKey; fieldErrors?: Partial<Record<ImportField, MessageKey>> };

/** "Check file" or "Import": checks the mapping against the file and queues the task. */
export async function startImport(
  db: Db,
  actor: OrgActor,
  input: StartImportInput,
  meta?: Meta,
): Promise<StartImportResult> {
  const loaded = await importPreview(db, actor, input.blobId);
  if (!loaded) return { ok: false, error: 'usersImport.errors.fileGone' };
  if (!loaded.ok) return loaded;
  const { preview } = loaded;
  const fieldErrors: Partial<Record<ImportField, MessageKey>> = {};
  const used = new Map<number, ImportField>();
  for (const field of IMPORT_FIELDS) {
    const column = input.mapping[field];
    if (column === undefined) continue;
    if (!Number.isInteger(column) || column < 0 || column >= preview.headers.length) {
      fieldErrors[field] = 'usersImport.errors.invalid';
    } else if (used.has(column)) {
      fieldErrors[field] = 'usersImport.errors.columnTwice';
    } else used.set(column, field);
  }
  if (input.mapping.email === undefined) fieldErrors.email = 'usersImport.errors.emailColumn';
  if (Object.keys(fieldErrors).length) return { ok: false, error: 'errors.checkFields', fieldErrors };

  const params: ImportParams = {
    blobId: preview.blobId,
    fileName: preview.fileName,
    encoding: preview.format.encoding,
    delimiter: preview.format.delimiter,
    bom: preview.format.bom,
    mapping: input.mapping,
    updateExisting: input.updateExisting,
  };
  const task = await db.transaction(async (tx) => {
    if (!input.dryRun) {
      // One import per file: a second click, a resent form or another tab would invite everyone
      // again (revoking the first links). The file's row is locked so two at once take turns.
      await tx.select({ id: blobs.id }).from(blobs).where(eq(blobs.id, preview.blobId)).for('update');
      const [earlier] = await tx
        .select({ id: tasks.id })
        .from(tasks)
        .where(
          and(
            eq(tasks.orgId, actor.orgId),
            eq(tasks.action, 'users.import'),
            inArray(tasks.status, ['queued', 'running', 'succeeded']),
            sql`${tasks.params}->>'blobId' = ${preview.blobId}`,
          ),
        )
        .limit(1);
      if (earlier) return null;
    }
    const created = await insertTask(tx, {
      orgId: actor.orgId,
      ownerUserId: actor.id,
      name: preview.fileName,
      action: input.dryRun ? 'users.import.check' : 'users.import',
      params,
    });
    if (!input.dryRun)
      await audit(tx, {
        orgId: actor.orgId,
        actorUserId: actor.id,
        action: 'import.started',
        targetType: 'task',
        targetId: created.id,
        data: { file: preview.fileName, size: preview.size, updateExisting: input.updateExisting },
        meta,
      });
    return created;
  });
  if (!task) return { ok: false, error: 'usersImport.errors.alreadyImported' };
  await startTask(task.id);
  return { ok: true, taskId: task.id };
}
