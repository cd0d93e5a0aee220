'use client';

import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslations } from 'use-intl';

import { buttonClass } from '@/components/ui/button';

import { DeleteGroupForm } from './delete-form';
import { deleteGroupPath } from './paths';

type Props = { groupId: string; groupName: string; memberCount: number };

/**
 * "Delete" on a row of the groups list. It is a link to the group's confirmation page, which is
 * what it stays without JavaScript; with it, the same confirmation opens in a dialog over the list.
 * The form exists only while the dialog is open, so a page of rows holds one form at most.
 */
export function DeleteGroupButton({ groupId, groupName, memberCount }: Props) {
  const t = useTranslations('groups');
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const titleId = `delete-group-${groupId}-title`;

  useEffect(() => {
    const element = dialog.current;
    if (!open || !element || element.open) return;
    element.showModal();
    // Straight to the name to type, past the status area the form keeps for its answer.
    element.querySelector<HTMLInputElement>('input:not([type="hidden"])')?.focus();
  }, [open]);

  const show = (event: MouseEvent<HTMLAnchorElement>) => {
    // A new tab or window, or a modified click, still opens the confirmation page.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setOpen(true);
  };

  return (
    <>
      <a
        href={deleteGroupPath(groupId)}
        onClick={show}
        aria-haspopup="dialog"
        aria-label={t('deleteRowLabel', { name: groupName })}
        className={buttonClass('ghost', 'min-h-8 px-3 py-1 text-red-700 dark:text-red-300')}
      >
        {t('deleteRow')}
      </a>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClose={() => setOpen(false)}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-5 text-left text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 sm:p-6 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {open ? (
          <div className="space-y-4">
            <h2 id={titleId} className="text-base font-semibold break-words">
              {t('deleteConfirmTitle', { name: groupName })}
            </h2>
            <p className="text-sm muted">{t('deleteDescription', { count: memberCount })}</p>
            <DeleteGroupForm
              groupId={groupId}
              groupName={groupName}
              cancel={
                <button type="button" onClick={() => dialog.current?.close()} className={buttonClass('secondary')}>
                  {t('cancel')}
                </button>
              }
            />
          </div>
        ) : null}
      </dialog>
    </>
  );
}
