'use client';

import { useActionState } from 'react';

import { Button } from '@/components/ui/button';
import { FormStatus, StatusMessage } from '@/components/ui/form-status';
import { idle } from '@/lib/actions/result';

import { decideApproval } from './actions';

type Decision = 'approve' | 'reject';

/**
 * Approve and Reject: one plain form, the pressed button's value is the decision, so it posts the
 * same without JavaScript. `closed` is why the link can no longer decide when the page was opened;
 * after a post the answer replaces it (without JavaScript the page is rendered again with the link
 * already used, and the answer still says what this post did).
 */
export function DecisionForm({
  token,
  primary,
  closed,
  labels,
}: {
  token: string;
  primary: Decision;
  closed: string | null;
  labels: { approve: string; reject: string };
}) {
  const [state, formAction, pending] = useActionState(decideApproval, idle);
  const order: Decision[] = primary === 'approve' ? ['approve', 'reject'] : ['reject', 'approve'];
  const buttons = (
    <form action={formAction} className="flex flex-col gap-3 sm:flex-row">
      <input type="hidden" name="token" value={token} />
      {order.map((decision) => (
        <Button
          key={decision}
          type="submit"
          name="decision"
          value={decision}
          pending={pending}
          variant={decision !== primary ? 'secondary' : decision === 'reject' ? 'danger' : 'primary'}
          className="sm:flex-1"
        >
          {labels[decision]}
        </Button>
      ))}
    </form>
  );
  if (state.status !== 'idle') {
    return (
      <div className="space-y-4">
        <FormStatus state={state} />
        {state.values?.final ? null : buttons}
      </div>
    );
  }
  if (closed) {
    return (
      <StatusMessage tone="error" answer={closed}>
        {closed}
      </StatusMessage>
    );
  }
  return buttons;
}
