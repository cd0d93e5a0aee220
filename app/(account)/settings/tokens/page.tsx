import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { loadPermissionSet } from '@/lib/auth/authorize';
import { userPage } from '@/lib/auth/pages';
import { formatDate } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { expiryDateRange, listTokens } from '@/lib/tokens/manage';
import { grantableScopes, SCOPE_PERMISSION, TOKEN_SCOPES } from '@/lib/tokens/scopes';

import { revokeToken } from './actions';
import { CreateTokenForm, type ScopeChoice } from './create-form';
import { SCOPE_TEXT } from './scope-text';
import { TokenItem } from './token-item';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.tokens.title') };
}

const PAGE = '/settings/tokens';
const muted = 'muted';

export default userPage(async function TokensPage({ current, db }) {
  const { user, org } = current;
  const t = await getT();
  const now = new Date();
  const [permissions, tokens] = await Promise.all([
    loadPermissionSet(db, user),
    listTokens(db, { orgId: org.id, userId: user.id }),
  ]);
  const grantable = new Set(grantableScopes(permissions));
  const scopes: ScopeChoice[] = TOKEN_SCOPES.map((scope) => {
    const needed = SCOPE_PERMISSION[scope];
    return {
      scope,
      description: t(`tokens.scope.${SCOPE_TEXT[scope]}`),
      refused:
        grantable.has(scope) || !needed
          ? null
          : t('tokens.scopeNeeds', { permission: t(`orgRoles.permissions.${needed}.label`) }),
    };
  });
  const range = expiryDateRange(org.maxTokenDays, user.timeZone, now);

  return (
    <>
      <PageHeading title={t('sections.tokens.title')} description={t('sections.tokens.description')} />
      <div className="space-y-6">
        <Card title={t('tokens.createTitle')} id="new-token" description={t('tokens.createIntro')}>
          <CreateTokenForm
            scopes={scopes}
            maxDays={org.maxTokenDays}
            firstDate={range.first}
            lastDate={range.last}
            maxHint={t('tokens.maxHint', {
              days: org.maxTokenDays,
              date: formatDate(range.last, user),
            })}
          />
        </Card>

        <Card title={t('tokens.listTitle')} id="tokens" description={t('tokens.listIntro')}>
          <div className="mb-3 empty:hidden">
            <FlashNotice path={PAGE} keys={['tokens.revoked', 'tokens.notFound']} />
          </div>
          {tokens.length ? (
            <ul aria-label={t('tokens.listTitle')} className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {tokens.map((token) => (
                <TokenItem
                  key={token.id}
                  t={t}
                  token={token}
                  viewer={user}
                  now={now}
                  revoke={revokeToken}
                  hidden={{ tokenId: token.id }}
                />
              ))}
            </ul>
          ) : (
            <p className={`text-sm ${muted}`}>{t('tokens.none')}</p>
          )}
        </Card>
      </div>
    </>
  );
});
