'use server';

import { redirect } from 'next/navigation';

import { orgAction } from '@/lib/actions/define';
import { failure } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import type { MessageKey } from '@/lib/i18n/message';
import { IMPORT_FIELDS, type ImportField } from '@/lib/import/mapping';
import { startImport as queueImport } from '@/lib/import/start';
import { actorOf } from '@/lib/org/actor';

import { BACKGROUND_TASKS_PATH } from '../paths';
import { startImportSchema } from './schema';

/** "Check file" or "Import": queues the task and sends the importer to follow it on Background tasks. */
export const startImport = orgAction('import.run', startImportSchema, async (input, { db, current, meta, values }) => {
  const mapping: Partial<Record<ImportField, number>> = {};
  for (const field of IMPORT_FIELDS) if (input[field] !== undefined) mapping[field] = input[field];
  const result = await queueImport(
    db,
    actorOf(current),
    { blobId: input.blobId, mapping, updateExisting: input.updateExisting, dryRun: input.intent === 'check' },
    meta,
  );
  if (!result.ok) {
    const fieldErrors: Record<string, MessageKey[]> = {};
    for (const [field, key] of Object.entries(result.fieldErrors ?? {})) fieldErrors[field] = [key];
    return failure(result.error, fieldErrors, values);
  }
  await setFlash(BACKGROUND_TASKS_PATH, { status: 'success', key: 'usersImport.started' });
  redirect(BACKGROUND_TASKS_PATH);
});
