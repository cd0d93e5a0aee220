import { Link } from '@/components/ui/link';
import { getCurrentPermissions, type CurrentUser } from '@/lib/auth/current';
import { switchStatus } from '@/lib/availability/menu-actions';
import { AVAILABILITY_DOT, AVAILABILITY_OPTIONS } from '@/lib/availability/status';
import { config } from '@/lib/config';
import { getT } from '@/lib/i18n/server';
import { mayOpenOrgSettings } from '@/lib/settings/org-nav';

import { UserAvatar } from './avatar';
import { CloseOnEscape, StatusDisclosure } from './close-on-escape';

export function displayNameOf(user: CurrentUser['user']): string {
  return user.displayName || `${user.firstName} ${user.lastName}`.trim() || user.email;
}

const itemClass = 'menu-item';

/**
 * A <details> menu: opens and closes without JavaScript. The status switch and Sign out are real
 * POST forms; the avatar inside leads to the photo editor.
 */
export async function ProfileMenu({ current }: { current: CurrentUser }) {
  const t = await getT();
  const { user } = current;
  const permissions = await getCurrentPermissions();
  const showOrgSettings = mayOpenOrgSettings(current, permissions);
  const supportUrl = config.supportUrl;
  const status = {
    dotClass: AVAILABILITY_DOT[user.availability] ?? AVAILABILITY_DOT.offline,
    label: t('availability.statusLabel', { status: t(`availability.options.${user.availability}`) }),
  };
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden">
        <UserAvatar user={user} status={status} />
        <span className="hidden max-w-48 truncate text-sm font-medium sm:inline">{displayNameOf(user)}</span>
        <span className="sr-only">{t('menu.open')}</span>
      </summary>
      <CloseOnEscape />
      <div className="absolute right-0 z-20 mt-2 w-64 max-w-[calc(100vw-2rem)] rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex items-center gap-3 px-3 py-2">
          {/* The avatar opens the photo editor, as the guides describe. */}
          <Link
            href="/settings/profile/photo"
            className="shrink-0 rounded-full outline-offset-2 focus-visible:outline-2 focus-visible:outline-brand-600"
            title={t('menu.changePhoto')}
          >
            <UserAvatar user={user} size={40} />
            <span className="sr-only">{t('menu.changePhoto')}</span>
          </Link>
          <div className="min-w-0">
            <p className="truncate text-sm font-medium">{displayNameOf(user)}</p>
            <p className="truncate text-xs text-zinc-600 dark:text-zinc-400">{user.email}</p>
          </div>
        </div>
        <StatusDisclosure label={status.label} dotClass={status.dotClass} listId="status-options">
          {/* One form per status: a click sets it, with or without JavaScript. */}
          <ul aria-label={t('menu.statuses')}>
            {AVAILABILITY_OPTIONS.map((option) => (
              <li key={option}>
                <form action={switchStatus}>
                  <input type="hidden" name="availability" value={option} />
                  <button
                    type="submit"
                    className={`${itemClass} flex items-center gap-2`}
                    aria-pressed={option === user.availability}
                  >
                    <span aria-hidden className={`size-2.5 shrink-0 rounded-full ${AVAILABILITY_DOT[option]}`} />
                    <span className="flex-1">{t(`availability.options.${option}`)}</span>
                    {option === user.availability ? (
                      <span aria-hidden className="text-brand-700 dark:text-brand-100">
                        ✓
                      </span>
                    ) : null}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </StatusDisclosure>
        <ul className="mt-1 border-t border-zinc-200 pt-1 dark:border-zinc-800">
          <li>
            <Link className={itemClass} href="/settings/profile">
              {t('menu.settings')}
            </Link>
          </li>
          {showOrgSettings ? (
            <li>
              <Link className={itemClass} href="/org-settings">
                {t('menu.orgSettings')}
              </Link>
            </li>
          ) : null}
          <li>
            <Link className={itemClass} href="/help">
              {t('menu.help')}
            </Link>
          </li>
          {supportUrl ? (
            <li>
              <a className={itemClass} href={supportUrl} target="_blank" rel="noreferrer noopener">
                {t('menu.techSupport')}
              </a>
            </li>
          ) : null}
          <li>
            <form action="/sign-out" method="post">
              <button type="submit" className={itemClass}>
                {t('menu.signOut')}
              </button>
            </form>
          </li>
        </ul>
      </div>
    </details>
  );
}
