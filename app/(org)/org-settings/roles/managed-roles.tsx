import { MANAGED_ROLES, PERMISSIONS } from '@/lib/auth/permissions';
import type { Translator } from '@/lib/i18n/server';
import type { ManagedRole } from '@/lib/org/user-schemas';

const ORDER: ManagedRole[] = ['owner', 'admin', 'member'];

/** What each managed role grants, as a permission × role table (the one table in permissions.ts). */
export function ManagedRolesTable({ t }: { t: Translator }) {
  return (
    <div className="space-y-4">
      <ul className="grid gap-3 sm:grid-cols-3">
        {ORDER.map((role) => (
          <li key={role} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <p className="font-medium">{t(`roles.${role}.label`)}</p>
            <p className="description">{t(`roles.${role}.description`)}</p>
            <p className="mt-2 text-xs muted">
              {MANAGED_ROLES[role].permissions.length === PERMISSIONS.length
                ? t('orgRoles.grantsAll')
                : MANAGED_ROLES[role].permissions.length
                  ? MANAGED_ROLES[role].permissions.map((p) => t(`orgRoles.permissions.${p}.label`)).join(', ')
                  : t('orgRoles.grantsNone')}
            </p>
          </li>
        ))}
      </ul>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                {t('orgRoles.permission')}
              </th>
              {ORDER.map((role) => (
                <th key={role} scope="col" className="px-2 py-2 text-center font-medium">
                  {t(`roles.${role}.label`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {PERMISSIONS.map((p) => (
              <tr key={p}>
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  <span className="block font-medium">{t(`orgRoles.permissions.${p}.label`)}</span>
                  <span className="block text-xs muted">{t(`orgRoles.permissions.${p}.description`)}</span>
                </th>
                {ORDER.map((role) => {
                  const granted = MANAGED_ROLES[role].permissions.includes(p);
                  return (
                    <td key={role} className="px-2 py-2 text-center">
                      <span
                        aria-hidden
                        className={granted ? 'text-green-700 dark:text-green-400' : 'text-zinc-400 dark:text-zinc-600'}
                      >
                        {granted ? '✓' : '–'}
                      </span>
                      <span className="sr-only">{granted ? t('orgRoles.granted') : t('orgRoles.notGranted')}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
