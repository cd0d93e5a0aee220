import { Link } from '@/components/ui/link';
import type { CurrentUser } from '@/lib/auth/current';
import { getT } from '@/lib/i18n/server';

import { ActivityBell } from './activity-bell';
import { ProfileMenu } from './profile-menu';

/**
 * The signed-in header. `unread` is the bell's count, loaded once by whatever renders the header
 * (a layout or a page, with `unreadCount`), so the bell costs a page one indexed query.
 */
export async function AppHeader({ current, unread }: { current: CurrentUser; unread: number }) {
  const t = await getT();
  return (
    <header className="app-header">
      <div className="app-header-bar">
        <Link href="/settings/profile" className="font-semibold tracking-tight text-brand-700 dark:text-brand-100">
          Roster <span className="font-normal muted">· {current.org.name}</span>
        </Link>
        <div className="flex items-center gap-1">
          <ActivityBell
            count={unread}
            label={t('activity.bell.label')}
            labelUnread={t('activity.bell.labelUnread', { count: '{count}' })}
          />
          <ProfileMenu current={current} />
        </div>
      </div>
    </header>
  );
}
