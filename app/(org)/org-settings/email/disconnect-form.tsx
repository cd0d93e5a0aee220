import type { ReactNode } from 'react';

import { Button } from '@/components/ui/button';

import { disconnectMailServer } from './actions';

/** The confirming button itself: a plain form, the same in the dialog and on the confirmation page. */
export function DisconnectForm({ label, cancel }: { label: string; cancel?: ReactNode }) {
  return (
    <form action={disconnectMailServer} className="flex flex-wrap items-center gap-3">
      <Button type="submit" variant="danger">
        {label}
      </Button>
      {cancel}
    </form>
  );
}
