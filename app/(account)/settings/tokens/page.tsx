import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { loadPermissionSet } from '@/lib/auth/authorize';
import { userPage } from '@/lib/auth/pages';
import { formatDate, formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { expiryDateRange, listTokens } from '@/lib/tokens/manage';
import { grantableScopes, SCOPE_PERMISSION, TOKEN_SCOPES } from '@/lib/tokens/scopes';

import { revokeToken } from './actions';
import { CreateTokenForm, type ScopeChoice } from './create-form';
import { SCOPE_TEXT } from './scope-text';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('sections.tokens.title') };
}

const PAGE = '/settings/tokens';
const muted = 'text-zinc-600 dark:text-zinc-400';

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
              {tokens.map((token) => {
                const expired = token.expiresAt.getTime() <= now.getTime();
                const describedBy = `token-${token.id.slice(0, 12)}`;
                return (
                  <li key={token.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                    <div className="min-w-0 text-sm" id={describedBy}>
                      <p className="font-medium break-words">
                        {token.name}
                        <span className={`ml-2 font-mono text-xs ${muted}`}>{token.prefix}…</span>
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
                        <dt>{t('tokens.createdAt')}</dt>
                        <dd>{formatDateTime(token.createdAt, user)}</dd>
                        <dt>{t('tokens.expiresAt')}</dt>
                        <dd>{formatDateTime(token.expiresAt, user)}</dd>
                        <dt>{t('tokens.lastUsed')}</dt>
                        <dd>
                          {token.lastUsedAt
                            ? t('tokens.lastUsedAt', {
                                time: formatDateTime(token.lastUsedAt, user),
                                ip: token.lastUsedIp ?? t('tokens.unknownAddress'),
                              })
                            : t('tokens.neverUsed')}
                        </dd>
                      </dl>
                    </div>
                    <form action={revokeToken}>
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
            <p className={`text-sm ${muted}`}>{t('tokens.none')}</p>
          )}
        </Card>
      </div>
    </>
  );
});
