import { Link } from '@/components/ui/link';
import type { Translator } from '@/lib/i18n/server';

export const ROLES_PATH = '/org-settings/roles';
export const ASSIGNMENTS_PATH = `${ROLES_PATH}/assignments`;
export const CHECK_PATH = `${ROLES_PATH}/check`;

export type RolesView = 'roles' | 'assignments' | 'check';

const VIEWS = [
  { view: 'roles', href: ROLES_PATH, label: 'orgRoles.views.roles' },
  { view: 'assignments', href: ASSIGNMENTS_PATH, label: 'orgRoles.assignmentsTitle' },
  { view: 'check', href: CHECK_PATH, label: 'orgRoles.checkTitle' },
] as const;

/** The roles section's views as tabs: plain links, so they work without JavaScript. */
export function RolesViews({ t, current }: { t: Translator; current: RolesView }) {
  return (
    <nav aria-label={t('orgRoles.views.label')} className="mb-6 border-b border-zinc-200 dark:border-zinc-800">
      <ul className="-mb-px flex flex-wrap gap-x-1">
        {VIEWS.map(({ view, href, label }) => {
          const active = view === current;
          return (
            <li key={view}>
              <Link
                href={href}
                aria-current={active ? 'page' : undefined}
                className={
                  active
                    ? 'block border-b-2 border-brand-600 px-3 py-2 text-sm font-medium text-brand-700 dark:border-brand-100 dark:text-white'
                    : 'block border-b-2 border-transparent px-3 py-2 text-sm text-zinc-700 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-300 dark:hover:border-zinc-600 dark:hover:text-white'
                }
              >
                {t(label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
