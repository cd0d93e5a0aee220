import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { permissionPage } from '@/lib/auth/pages';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { getMailServer } from '@/lib/org/mail-server';

import { DisconnectButton } from './disconnect-dialog';
import { MailServerForm } from './email-form';
import { MailboxSendingForm } from './mailbox-sending-form';
import { EMAIL_PATH } from './paths';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.email.title') };
}

export default permissionPage('policies.manage', async function OrgEmailPage({ current, db }) {
  const t = await getT();
  const server = await getMailServer(db, current.org.id);
  const sender = server ? (server.fromName ? `${server.fromName} <${server.fromAddress}>` : server.fromAddress) : '';
  return (
    <>
      <PageHeading title={t('orgSections.email.title')} description={t('orgSections.email.description')} />
      <div className="space-y-6">
        <Card title={t('orgEmail.serverTitle')} id="mail-server" description={t('orgEmail.serverIntro')}>
          <div className="mb-5 space-y-3">
            <FlashNotice path={EMAIL_PATH} />
            <div
              id="mail-server-status"
              className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
            >
              <div className="min-w-0 space-y-0.5">
                {server ? (
                  <>
                    <p className="font-medium break-words">{t('orgEmail.statusConnected', { sender })}</p>
                    <p className="muted">
                      {server.verifiedAt
                        ? t('orgEmail.statusVerified', { date: formatDateTime(server.verifiedAt, current.user) })
                        : t('orgEmail.statusNotVerified')}
                    </p>
                  </>
                ) : (
                  <p>{t('orgEmail.statusNone')}</p>
                )}
              </div>
              {server ? <DisconnectButton /> : null}
            </div>
          </div>
          <MailServerForm
            stored={
              server
                ? {
                    host: server.host,
                    port: server.port,
                    security: server.security,
                    username: server.username,
                    hasPassword: server.hasPassword,
                    fromAddress: server.fromAddress,
                    fromName: server.fromName,
                  }
                : null
            }
          />
        </Card>
        <Card
          title={t('orgEmail.mailboxSendingTitle')}
          id="mailbox-sending"
          description={t('orgEmail.mailboxSendingIntro')}
        >
          <MailboxSendingForm allowed={current.org.allowMailboxSending} />
        </Card>
      </div>
    </>
  );
});
