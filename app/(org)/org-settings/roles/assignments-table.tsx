'use client';

import { useActionState } from 'react';
import { useTranslations } from 'use-intl';

import { buttonClass } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { idle } from '@/lib/actions/result';

import { unassignRole } from './assignment-actions';

export type AssignmentItem = { id: string; roleName: string; assignee: string };

/**
 * One form around the list: each Remove button posts its own assignment id as the submitter,
 * and the answer stays on screen after the row is gone.
 */
export function AssignmentsTable({ items }: { items: AssignmentItem[] }) {
  const t = useTranslations('orgRoles');
  const [state, formAction, pending] = useActionState(unassignRole, idle);
  if (!items.length && state.status === 'idle') return <p className="text-sm muted">{t('noAssignments')}</p>;
  return (
    <form action={formAction} className="space-y-3" aria-busy={pending || undefined}>
      <FormStatus state={state} />
      {items.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">
                  {t('role')}
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  {t('assignedTo')}
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  <span className="sr-only">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {items.map((item) => (
                <tr key={item.id}>
                  <td className="py-2 pr-3 font-medium">{item.roleName}</td>
                  <td className="py-2 pr-3 break-words">{item.assignee}</td>
                  <td className="py-2 text-right">
                    <button
                      type="submit"
                      name="assignmentId"
                      value={item.id}
                      disabled={pending}
                      aria-label={t('removeLabel', { role: item.roleName, assignee: item.assignee })}
                      className={buttonClass('secondary', 'min-h-8 px-3 py-1')}
                    >
                      {t('remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm muted">{t('noAssignments')}</p>
      )}
    </form>
  );
}
