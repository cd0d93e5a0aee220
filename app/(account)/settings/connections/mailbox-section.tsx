import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { getMailbox } from '@/lib/mailbox/mailbox';

import { disconnectMailbox } from './mailbox-actions';
import { MailboxForm } from './mailbox-form';
import type { ConnectionsSectionProps } from './section-props';

const PAGE = '/settings/connections';

/**
 * The user's own mailbox: what is connected, "Disconnect mailbox" (a plain form), and the form to
 * connect or change it, which tests both servers before it saves.
 */
export async function MailboxSection({ current, db }: ConnectionsSectionProps) {
  const t = await getT();
  const mailbox = await getMailbox(db, current.user.id);
  const sendingAllowed = current.org.allowMailboxSending;
  return (
    <Card title={t('userMailbox.title')} id="mailbox" description={t('userMailbox.intro')}>
      <div className="mb-5 space-y-3">
        <FlashNotice path={PAGE} keys={['userMailbox.disconnected']} />
        <div
          id="mailbox-status"
          className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
        >
          <div className="min-w-0 space-y-0.5">
            {mailbox ? (
              <>
                <p className="font-medium break-words">
                  {t('userMailbox.statusConnected', { address: mailbox.address })}
                </p>
                {mailbox.verifiedAt ? (
                  <p className="muted">
                    {t('userMailbox.statusVerified', { date: formatDateTime(mailbox.verifiedAt, current.user) })}
                  </p>
                ) : null}
                <p className="muted">
                  {mailbox.sendAs && sendingAllowed
                    ? t('userMailbox.statusSending')
                    : t('userMailbox.statusNotSending')}
                </p>
              </>
            ) : (
              <p>{t('userMailbox.statusNone')}</p>
            )}
          </div>
          {mailbox ? (
            <form action={disconnectMailbox}>
              <button type="submit" className={buttonClass('secondary')}>
                {t('userMailbox.disconnect')}
              </button>
            </form>
          ) : null}
        </div>
      </div>
      <MailboxForm
        stored={
          mailbox
            ? {
                preset: mailbox.preset,
                address: mailbox.address,
                imap: mailbox.imap,
                smtp: mailbox.smtp,
                username: mailbox.username,
                hasPassword: mailbox.hasPassword,
                sendAs: mailbox.sendAs,
              }
            : null
        }
        defaultAddress={current.user.email}
        sendingAllowed={sendingAllowed}
      />
    </Card>
  );
}
