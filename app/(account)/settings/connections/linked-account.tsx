import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { config } from '@/lib/config';
import { accountLabel, findLinkedAccount } from '@/lib/connections/linked-accounts';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';

import { unlinkAccount } from './actions';
import type { ConnectionsSectionProps } from './section-props';

const muted = 'muted';

const FLASH_KEYS = [
  'connections.outcome.linked',
  'connections.outcome.already',
  'connections.outcome.taken',
  'connections.unlinked',
  'connections.unlinkNoPassword',
  'connections.unlinkNone',
  'connections.alreadyHaveOne',
  'connections.providerUnreachable',
] as const;

/** "Linked account": shown only when an OpenID provider is configured (OIDC_ISSUER and the rest). */
export async function LinkedAccountSection({ current, db }: ConnectionsSectionProps) {
  const settings = config.oidc;
  if (!settings) return null;
  const t = await getT();
  const { user } = current;
  const account = await findLinkedAccount(db, user.id);
  const provider = settings.name;
  return (
    <Card title={t('connections.title')} id="linked-account" description={t('connections.intro', { provider })}>
      <div className="mb-4 empty:hidden">
        <FlashNotice path="/settings/connections" keys={FLASH_KEYS} />
      </div>
      {account ? (
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0 text-sm">
            <p className="font-medium break-words">{t('connections.linkedAs', { account: accountLabel(account) })}</p>
            <p className={muted}>{t('connections.linkedOn', { date: formatDateTime(account.createdAt, user) })}</p>
            <p className={muted}>
              {account.lastUsedAt
                ? t('connections.lastUsed', { date: formatDateTime(account.lastUsedAt, user) })
                : t('connections.neverUsed')}
            </p>
            {user.passwordHash ? null : <p className="mt-2">{t('connections.noPasswordHint', { provider })}</p>}
          </div>
          {user.passwordHash ? (
            <form action={unlinkAccount}>
              <button type="submit" className={buttonClass('secondary')}>
                {t('connections.unlink')}
              </button>
            </form>
          ) : null}
        </div>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm">{t('connections.notLinkedYet', { provider })}</p>
          <form method="post" action="/settings/connections/link" className="flex flex-col items-end gap-1">
            <button type="submit" className={buttonClass('primary')}>
              {t('connections.link')}
            </button>
            <span className={`text-xs ${muted}`}>{t('connections.linkHint', { provider })}</span>
          </form>
        </div>
      )}
    </Card>
  );
}
