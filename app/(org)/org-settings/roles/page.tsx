import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { Link } from '@/components/ui/link';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { grantedPermissions, listCustomRoles } from '@/lib/org/roles';

import { ManagedRolesTable } from './managed-roles';
import { ASSIGNMENTS_PATH, CHECK_PATH, ROLES_PATH, RolesViews } from './views';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.roles.title') };
}

type SearchParams = { q?: string | string[]; check?: string | string[] };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default permissionPage<{ searchParams: Promise<SearchParams> }>(
  'roles.manage',
  async function RolesPage({ searchParams, current, db }) {
    const params = await searchParams;
    // Addresses from when the assignments and the check were parts of this page.
    const check = one(params.check);
    if (check) redirect(`${CHECK_PATH}?${new URLSearchParams({ user: check })}`);
    const q = one(params.q);
    if (q) redirect(`${ASSIGNMENTS_PATH}?${new URLSearchParams({ q })}`);

    const t = await getT();
    const custom = await listCustomRoles(db, current.org.id);
    return (
      <>
        <PageHeading title={t('orgSections.roles.title')} description={t('orgSections.roles.description')} />
        <RolesViews t={t} current="roles" />
        <div className="space-y-6">
          <FlashNotice path={ROLES_PATH} />

          <Card title={t('orgRoles.customTitle')} id="custom" description={t('orgRoles.customIntro')}>
            {custom.length ? (
              <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {custom.map((role) => (
                  <li key={role.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                    <div className="min-w-0 flex-1 text-sm">
                      <p className="font-medium">{role.name}</p>
                      {role.description ? <p className="muted">{role.description}</p> : null}
                      <p className="mt-1 text-xs muted">
                        {grantedPermissions(role.permissions)
                          .map((p) => t(`orgRoles.permissions.${p}.label`))
                          .join(' · ')}
                      </p>
                      <p className="mt-1 text-xs muted">{t('orgRoles.assignmentCount', { count: role.assignments })}</p>
                    </div>
                    <Link
                      href={`${ROLES_PATH}/${role.id}`}
                      className={buttonClass('secondary', 'min-h-8 px-3 py-1')}
                      aria-label={t('orgRoles.editRoleLabel', { name: role.name })}
                    >
                      {t('orgRoles.editRole')}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm muted">{t('orgRoles.noCustomRoles')}</p>
            )}
            <Link href={`${ROLES_PATH}/new`} className={buttonClass('primary', 'mt-4')}>
              {t('orgRoles.newRole')}
            </Link>
          </Card>

          <Card title={t('orgRoles.managedTitle')} id="managed" description={t('orgRoles.managedIntro')}>
            <ManagedRolesTable t={t} />
          </Card>
        </div>
      </>
    );
  },
);
