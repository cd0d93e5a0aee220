'use client';

import { useActionState } from 'react';
import { useTranslations } from 'use-intl';

import { Avatar } from '@/components/shell/avatar';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { idle } from '@/lib/actions/result';

import { removeGroupMember } from './member-actions';

export type MemberRow = {
  id: string;
  name: string;
  email: string;
  firstName: string;
  lastName: string;
  photoUrl: string | null;
  added: string;
};

/**
 * One form for the whole list: each "Remove" button is its own submitter carrying the person's
 * id, so one status message answers whichever was pressed, with or without JavaScript.
 */
export function MemberList({
  groupId,
  members,
  readOnly = false,
}: {
  groupId: string;
  members: MemberRow[];
  readOnly?: boolean;
}) {
  const t = useTranslations('groups');
  const [state, action, pending] = useActionState(removeGroupMember, idle);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="groupId" value={groupId} />
      <FormStatus state={state} />
      {members.length ? (
        <ul aria-label={t('membersLabel')} className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {members.map((m) => (
            <li key={m.id} className="flex items-center gap-3 py-2.5">
              <Avatar
                id={m.id}
                firstName={m.firstName}
                lastName={m.lastName}
                email={m.email}
                photoUrl={m.photoUrl}
                size={32}
              />
              <div className="min-w-0 flex-1 text-sm">
                <p className="truncate font-medium">{m.name}</p>
                <p className="truncate muted">
                  {m.email}
                  <span className="hidden sm:inline"> · {t('addedOn', { date: m.added })}</span>
                </p>
              </div>
              {readOnly ? null : (
                <Button
                  type="submit"
                  name="userId"
                  value={m.id}
                  variant="secondary"
                  className="shrink-0"
                  disabled={pending}
                  aria-label={t('removeLabel', { name: m.name })}
                >
                  {t('remove')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm muted">{t('membersEmpty')}</p>
      )}
    </form>
  );
}
