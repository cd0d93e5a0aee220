import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { formatDateTime, type FormatUser } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import type { TokenSummary } from '@/lib/tokens/manage';

import { revokeUserToken } from './token-actions';

const muted = 'text-zinc-600 dark:text-zinc-400';

/** A person's API tokens as an admin who may manage them sees them, each with "Revoke". */
export async function UserTokensCard({
  userId,
  tokens,
  viewer,
  now = new Date(),
}: {
  userId: string;
  tokens: TokenSummary[];
  viewer: FormatUser;
  now?: Date;
}) {
  const t = await getT();
  return (
    <Card title={t('tokens.admin.title')} id="tokens" description={t('tokens.admin.description')}>
      {tokens.length ? (
        <ul aria-label={t('tokens.admin.title')} className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {tokens.map((token) => {
            const expired = token.expiresAt.getTime() <= now.getTime();
            return (
              <li key={token.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0 text-sm">
                  <p className="font-medium break-words">
                    {token.name}
                    {expired ? (
                      <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100">
                        {t('tokens.expired')}
                      </span>
                    ) : null}
                  </p>
                  <p className="mt-1 flex flex-wrap gap-1">
                    {token.scopes.map((scope) => (
                      <code
                        key={scope}
                        className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200"
                      >
                        {scope}
                      </code>
                    ))}
                  </p>
                  <dl className={`mt-1 grid gap-x-4 sm:grid-cols-[auto_1fr] ${muted}`}>
                    <dt>{t('tokens.expiresAt')}</dt>
                    <dd>{formatDateTime(token.expiresAt, viewer)}</dd>
                    <dt>{t('tokens.lastUsed')}</dt>
                    <dd>
                      {token.lastUsedAt
                        ? t('tokens.lastUsedAt', {
                            time: formatDateTime(token.lastUsedAt, viewer),
                            ip: token.lastUsedIp ?? t('tokens.unknownAddress'),
                          })
                        : t('tokens.neverUsed')}
                    </dd>
                  </dl>
                </div>
                <form action={revokeUserToken}>
                  <input type="hidden" name="userId" value={userId} />
                  <input type="hidden" name="tokenId" value={token.id} />
                  <button
                    type="submit"
                    className={buttonClass('secondary')}
                    aria-label={t('tokens.revokeLabel', { name: token.name })}
                  >
                    {t('tokens.revoke')}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className={`text-sm ${muted}`}>{t('tokens.admin.none')}</p>
      )}
    </Card>
  );
}
