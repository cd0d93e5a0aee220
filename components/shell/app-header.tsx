import { Link } from '@/components/ui/link';
import type { CurrentUser } from '@/lib/auth/current';

import { ProfileMenu } from './profile-menu';

export function AppHeader({ current }: { current: CurrentUser }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4">
        <Link href="/settings/profile" className="font-semibold tracking-tight text-brand-700 dark:text-brand-100">
          Roster <span className="font-normal text-zinc-600 dark:text-zinc-400">· {current.org.name}</span>
        </Link>
        <ProfileMenu current={current} />
      </div>
    </header>
  );
}
