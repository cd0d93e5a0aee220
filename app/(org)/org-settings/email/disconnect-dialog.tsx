'use client';

import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslations } from 'use-intl';

import { buttonClass } from '@/components/ui/button';

import { DisconnectForm } from './disconnect-form';
import { DISCONNECT_PATH } from './paths';

/**
 * "Disconnect" is a link to its confirmation page, which is what it stays without JavaScript;
 * with it, the same question opens in a dialog over the section.
 */
export function DisconnectButton() {
  const t = useTranslations('orgEmail');
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!open || !element || element.open) return;
    element.showModal();
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
        href={DISCONNECT_PATH}
        onClick={show}
        aria-haspopup="dialog"
        className={buttonClass('secondary', 'text-red-700 dark:text-red-300')}
      >
        {t('disconnect')}
      </a>
      <dialog
        ref={dialog}
        aria-labelledby="disconnect-mail-title"
        onClose={() => setOpen(false)}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-5 text-left text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 sm:p-6 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {open ? (
          <div className="space-y-4">
            <h2 id="disconnect-mail-title" className="section-title">
              {t('disconnectTitle')}
            </h2>
            <p className="text-sm muted">{t('disconnectDescription')}</p>
            <DisconnectForm
              label={t('disconnect')}
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
