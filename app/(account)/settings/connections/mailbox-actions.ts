'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { userAction, userFormAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { removeMailbox, saveMailbox, testMailbox, type MailboxTestResults } from '@/lib/mailbox/mailbox';
import { disconnectMailboxSchema, mailboxSchema } from '@/lib/mailbox/schema';

const PAGE = '/settings/connections';

/** What each server said, for the form to show under its name (codes; the form words them). */
const outcomes = (results: MailboxTestResults) => ({ imapOutcome: results.imap, smtpOutcome: results.smtp });

/**
 * "Test connection" and "Save mailbox" post the same form; the button pressed is `intent`. Both
 * sign in to both servers; "Save mailbox" stores only after both did. What was typed (never the
 * password) stays in the form.
 */
export const saveOrTestMailbox = userAction(mailboxSchema, async (input, { db, current, meta, values }) => {
  const owner = { id: current.user.id, orgId: current.org.id };
  const result =
    input.intent === 'test'
      ? await testMailbox(db, owner, input)
      : await saveMailbox(db, owner, input, { sendingAllowed: current.org.allowMailboxSending, meta });
  if (!result.ok) {
    return failure('errors.checkFields', { password: [`userMailbox.errors.${result.error}`] }, values);
  }
  const shown = { ...values, ...outcomes(result.results) };
  if (!result.passed)
    return failure(input.intent === 'test' ? 'userMailbox.testFailed' : 'userMailbox.saveFailed', undefined, shown);
  if (input.intent === 'test') return success('userMailbox.testOk', shown);
  revalidatePath(PAGE);
  return success('userMailbox.saved', shown);
});

/** A plain form: works without JavaScript; the card says what happened. */
export const disconnectMailbox = userFormAction(disconnectMailboxSchema, async (_input, { db, current, meta }) => {
  await removeMailbox(db, { id: current.user.id, orgId: current.org.id }, meta);
  revalidatePath(PAGE);
  await setFlash(PAGE, { status: 'success', key: 'userMailbox.disconnected' });
  redirect(`${PAGE}#mailbox-title`);
});
