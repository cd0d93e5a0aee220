import type { EffectivePermissions, PermissionSource } from '@/lib/auth/authorize';
import { PERMISSIONS } from '@/lib/auth/permissions';
import type { Translator } from '@/lib/i18n/server';

export function describeSource(t: Translator, source: PermissionSource): string {
  if (source.kind === 'managed') return t('orgRoles.source.managed', { role: t(`roles.${source.role}.label`) });
  if (source.kind === 'role') return t('orgRoles.source.role', { role: source.roleName });
  return t('orgRoles.source.group', { role: source.roleName, group: source.groupName });
}

/** Each permission the person has, and every reason they have it. */
export function EffectivePermissionsTable({
  t,
  name,
  permissions,
}: {
  t: Translator;
  name: string;
  permissions: EffectivePermissions;
}) {
  const granted = PERMISSIONS.filter((p) => permissions.has(p));
  if (!granted.length) return <p className="text-sm">{t('orgRoles.noPermissions', { name })}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="mb-2 text-left font-medium">{t('orgRoles.checkFor', { name })}</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t('orgRoles.permission')}
            </th>
            <th scope="col" className="py-2 font-medium">
              {t('orgRoles.grantedBy')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {granted.map((p) => (
            <tr key={p}>
              <th scope="row" className="py-2 pr-3 text-left font-medium">
                {t(`orgRoles.permissions.${p}.label`)}
              </th>
              <td className="py-2">
                <ul>
                  {permissions.get(p)!.map((source, i) => (
                    <li key={i}>{describeSource(t, source)}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
