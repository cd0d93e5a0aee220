import type { ReactNode } from 'react';

import { buttonClass } from '@/components/ui/button';
import { formatDateTime, type FormatUser } from '@/lib/format';
import type { Translator } from '@/lib/i18n/server';
import type { TokenSummary } from '@/lib/tokens/manage';

const muted = 'muted';

/**
 * One token in a list, as its owner (Settings → API tokens) and an admin (the person's page) see
 * it: name, prefix, scopes, dates and last use in the viewer's zone, and "Revoke" — a plain form
 * posting to `revoke` with the `hidden` fields, so it works without JavaScript.
 */
export function TokenItem({
  t,
  token,
  viewer,
  now,
  revoke,
  hidden,
}: {
  t: Translator;
  token: TokenSummary;
  viewer: FormatUser;
  now: Date;
  revoke: (formData: FormData) => Promise<void>;
  hidden: Record<string, string>;
}): ReactNode {
  const expired = token.expiresAt.getTime() <= now.getTime();
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3">
      <div className="min-w-0 text-sm">
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
          <dd>{formatDateTime(token.createdAt, viewer)}</dd>
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
      <form action={revoke}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
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
}
