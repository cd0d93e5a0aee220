'use client';

import { createContext, useActionState, useContext, type ReactNode } from 'react';

import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { idle } from '@/lib/actions/result';

import { retryMail } from './actions';

type Retry = { action: (formData: FormData) => void; pending: boolean };
const RetryContext = createContext<Retry | null>(null);

/**
 * One answer for the whole list, above it: the row whose "Retry" was pressed usually leaves the
 * failed and delayed ones (and loses its button), so its status line cannot live in the row.
 * Always rendered for admins, at the same place, so the answer to a post without JavaScript
 * finds its way back here.
 */
export function RetryStatus({ children }: { children: ReactNode }) {
  const [state, action, pending] = useActionState(retryMail, idle);
  return (
    <RetryContext.Provider value={{ action, pending }}>
      <div className="mt-6 empty:hidden">
        <FormStatus state={state} />
      </div>
      {children}
    </RetryContext.Provider>
  );
}

/** A small POST form per failed or delayed mail; works without JavaScript. */
export function RetryForm({ mailId, label }: { mailId: string; label: string }) {
  const retry = useContext(RetryContext);
  if (!retry) return null;
  return (
    <form action={retry.action} className="mt-3">
      <input type="hidden" name="mailId" value={mailId} />
      <Button type="submit" variant="secondary" pending={retry.pending}>
        {label}
      </Button>
    </form>
  );
}
