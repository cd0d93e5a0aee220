'use client';

import { useTranslations } from 'use-intl';

import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { mailboxSendingSchema } from '@/lib/org/mail-server-schema';

import { saveMailboxSending } from './actions';

/** Whether mail sent on someone's behalf may go out through the mailbox they connected themselves. */
export function MailboxSendingForm({ allowed }: { allowed: boolean }) {
  const t = useTranslations('orgEmail');
  const { state, form, pending, formAction, onSubmit } = useActionForm<{ allowMailboxSending?: boolean }>(
    saveMailboxSending,
    mailboxSendingSchema,
    { allowMailboxSending: allowed },
  );
  const checked = state.status === 'idle' ? allowed : state.values?.allowMailboxSending === 'on';
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormStatus state={state} />
      <div className="flex items-start gap-3">
        <input
          type="checkbox"
          id="allow-mailbox-sending"
          defaultChecked={checked}
          aria-describedby="allow-mailbox-sending-hint"
          className="mt-0.5 size-4 shrink-0 accent-brand-600"
          {...form.register('allowMailboxSending')}
        />
        <span className="text-sm">
          <label htmlFor="allow-mailbox-sending" className="font-medium">
            {t('allowMailboxSending')}
          </label>
          <span id="allow-mailbox-sending-hint" className="block text-xs muted">
            {t('allowMailboxSendingHint')}
          </span>
        </span>
      </div>
      <Button type="submit" pending={pending}>
        {t('saveMailboxSending')}
      </Button>
    </form>
  );
}
