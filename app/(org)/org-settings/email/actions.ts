'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';

import { orgAction, orgFormAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { setFlash } from '@/lib/http/flash';
import { setMailboxSending } from '@/lib/mailbox/policy';
import { actorOf } from '@/lib/org/actor';
import { removeMailServer, saveMailServer, testMailServer } from '@/lib/org/mail-server';
import { disconnectMailServerSchema, mailboxSendingSchema, mailServerSchema } from '@/lib/org/mail-server-schema';

import { EMAIL_PATH } from './paths';

/** "Save" and "Test connection" post the same form; the button pressed is `intent`. */
export const saveOrTestMailServer = orgAction(
  'policies.manage',
  mailServerSchema,
  async (input, { db, current, meta, values }) => {
    const actor = actorOf(current);
    if (input.intent === 'test') {
      const result = await testMailServer(db, actor, input);
      if (!result.ok) return failure(`orgEmail.errors.${result.error}`, undefined, values);
      // "Tested" shows next to the stored settings.
      if (result.verified) revalidatePath(EMAIL_PATH);
      // What was typed stays in the form, ready to be saved.
      return success('orgEmail.testOk', values);
    }
    const saved = await saveMailServer(db, actor, input, meta);
    if (!saved.ok) return failure('errors.checkFields', { host: ['orgEmail.errors.internal'] }, values);
    const { changed } = saved;
    // The status above the form, and "approve by email" elsewhere, depend on the stored server.
    if (changed) revalidatePath('/', 'layout');
    return success(changed ? 'orgEmail.saved' : 'orgEmail.unchanged');
  },
);

/** After the confirmation (dialog or page): back to the section, which says what happened. */
export const disconnectMailServer = orgFormAction(
  'policies.manage',
  disconnectMailServerSchema,
  async (_input, { db, current, meta }) => {
    const { removed } = await removeMailServer(db, actorOf(current), meta);
    if (removed) revalidatePath('/', 'layout');
    await setFlash(EMAIL_PATH, { status: 'success', key: 'orgEmail.disconnected' });
    redirect(EMAIL_PATH);
  },
);

/** "Allow people to send through their own mailbox": one switch of the organization. */
export const saveMailboxSending = orgAction(
  'policies.manage',
  mailboxSendingSchema,
  async (input, { db, current, meta }) => {
    const { changed } = await setMailboxSending(db, actorOf(current), input.allowMailboxSending, meta);
    if (changed) revalidatePath('/', 'layout');
    return success(changed ? 'orgEmail.mailboxSendingSaved' : 'orgEmail.unchanged', {
      allowMailboxSending: input.allowMailboxSending ? 'on' : '',
    });
  },
);
