import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import type { Db } from '@/db';
import type { CurrentUser } from '@/lib/auth/current';
import { formatDateTime } from '@/lib/format';
import { getT } from '@/lib/i18n/server';
import { listPasskeys } from '@/lib/passkeys/manage';

import { AddPasskey } from './add-passkey';
import { removePasskeyAction, renamePasskeyAction } from './passkey-actions';

const muted = 'muted';
const input =
  'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900 min-w-0';

/** "Passkeys" on the security page: the list with "Rename" and "Remove", and "Add a passkey". */
export async function PasskeysCard({ current, db, recent }: { current: CurrentUser; db: Db; recent: boolean }) {
  const t = await getT();
  const { user } = current;
  const list = await listPasskeys(db, user.id);
  return (
    <Card title={t('passkeys.title')} id="passkeys" description={t('passkeys.intro')}>
      <div className="mb-4 empty:hidden">
        <FlashNotice
          path="/settings/security"
          keys={[
            'passkeys.renamed',
            'passkeys.removed',
            'passkeys.errors.notFound',
            'errors.password.confirmRequired',
            'errors.password.confirmWrong',
          ]}
        />
      </div>
      {list.length === 0 ? (
        <p className={`mb-4 text-sm ${muted}`}>{t('passkeys.none')}</p>
      ) : (
        <ul className="mb-6 divide-y divide-zinc-200 dark:divide-zinc-800" aria-label={t('passkeys.title')}>
          {list.map((passkey) => (
            <li key={passkey.id} className="space-y-3 py-3">
              <div className="text-sm">
                <p className="font-medium break-words">{passkey.name}</p>
                <p className={muted}>
                  {t('passkeys.created', { date: formatDateTime(passkey.createdAt, user) })}
                  {' · '}
                  {passkey.lastUsedAt
                    ? t('passkeys.lastUsed', { date: formatDateTime(passkey.lastUsedAt, user) })
                    : t('passkeys.neverUsed')}
                  {passkey.backedUp ? ` · ${t('passkeys.synced')}` : null}
                </p>
              </div>
              <div className="flex flex-wrap items-end gap-3">
                <form action={renamePasskeyAction} className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="passkeyId" value={passkey.id} />
                  <label className="flex flex-col text-xs">
                    <span className={muted}>{t('passkeys.newName', { name: passkey.name })}</span>
                    <input name="name" required maxLength={60} defaultValue={passkey.name} className={input} />
                  </label>
                  <button
                    type="submit"
                    className={buttonClass('secondary')}
                    aria-label={t('passkeys.renameLabel', { name: passkey.name })}
                  >
                    {t('passkeys.rename')}
                  </button>
                </form>
                <form action={removePasskeyAction} className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="passkeyId" value={passkey.id} />
                  {recent ? null : (
                    <label className="flex flex-col text-xs">
                      <span className={muted}>{t('security.password')}</span>
                      <input
                        type="password"
                        name="password"
                        required
                        autoComplete="current-password"
                        className={input}
                      />
                    </label>
                  )}
                  <button
                    type="submit"
                    className={buttonClass('secondary')}
                    aria-label={t('passkeys.removeLabel', { name: passkey.name })}
                  >
                    {t('passkeys.remove')}
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
      <AddPasskey />
    </Card>
  );
}
