import { TokenItem } from '@/app/(account)/settings/tokens/token-item';
import { Card } from '@/components/ui/card';
import type { FormatUser } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import type { TokenSummary } from '@/lib/tokens/manage';

import { revokeUserToken } from './token-actions';

const muted = 'muted';

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
          {tokens.map((token) => (
            <TokenItem
              key={token.id}
              t={t}
              token={token}
              viewer={viewer}
              now={now}
              revoke={revokeUserToken}
              hidden={{ userId, tokenId: token.id }}
            />
          ))}
        </ul>
      ) : (
        <p className={`text-sm ${muted}`}>{t('tokens.admin.none')}</p>
      )}
    </Card>
  );
}
