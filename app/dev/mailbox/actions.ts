'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';

import { userAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { z } from '@/lib/actions/zod';
import { kickMailQueue } from '@/lib/jobs/boss';
import { mailboxViewerOf } from '@/lib/mail/mailbox';
import { retryMail as retry } from '@/lib/mail/retry';

/** The row id is only a lookup key inside the caller's organization; here only its shape is bounded. */
const retryMailSchema = z.object({
  mailId: z.string({ error: 'errors.badRequest' }).check(z.trim(), z.maxLength(64, 'errors.badRequest')),
});

/**
 * "Retry" on a failed or delayed mail in the admins' mailbox. Whoever may not see the mailbox
 * gets its answer, a 404; the id is looked up inside the caller's own organization only.
 */
export const retryMail = userAction(retryMailSchema, async ({ mailId }, { db, current, meta }) => {
  if (!mailboxViewerOf(current)) notFound();
  const result = await retry(db, { id: current.user.id, orgId: current.org.id }, mailId, meta);
  if (!result.ok) return failure(`mailbox.retry.${result.reason}`);
  await kickMailQueue();
  revalidatePath('/dev/mailbox');
  return success({ key: 'mailbox.retry.done', values: { to: result.to } });
});
