'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';

export type ServerIntent = 'save' | 'test';

/**
 * The button pair of a mail-server form: both submit the same form with `intent` (so a post
 * without JavaScript says which was pressed), and only the pressed one shows as busy.
 */
export function TestAndSaveButtons({
  pending,
  labels,
  saveFirst = false,
}: {
  pending: boolean;
  labels: Record<ServerIntent, string>;
  /** The primary button first (the organization's form) or "Test connection" first. */
  saveFirst?: boolean;
}) {
  const [intent, setIntent] = useState<ServerIntent>('save');
  const button = (value: ServerIntent) => (
    <Button
      key={value}
      type="submit"
      name="intent"
      value={value}
      variant={value === 'test' ? 'secondary' : undefined}
      pending={pending && intent === value}
      disabled={pending}
      onClick={() => setIntent(value)}
    >
      {labels[value]}
    </Button>
  );
  return (
    <div className="flex flex-wrap items-center gap-3">
      {(saveFirst ? (['save', 'test'] as const) : (['test', 'save'] as const)).map(button)}
    </div>
  );
}
