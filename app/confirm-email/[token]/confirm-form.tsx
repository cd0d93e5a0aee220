'use client';

import { useActionState } from 'react';
import { useTranslations } from 'use-intl';

import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { idle } from '@/lib/actions/result';

import { confirmEmail } from './actions';

/** A button, not the link itself: mail scanners that open links must not confirm anything. */
export function ConfirmEmailForm({ token }: { token: string }) {
  const t = useTranslations('confirmEmail');
  const [state, action, pending] = useActionState(confirmEmail, idle);
  return (
    <form action={action} className="space-y-4">
      <FormStatus state={state} />
      <input type="hidden" name="token" value={token} />
      <Button type="submit" pending={pending} className="w-full">
        {t('submit')}
      </Button>
    </form>
  );
}
