import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { getCurrentPermissions } from '@/lib/auth/current';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';

import { RoleForm } from '../role-form';
import { ROLES_PATH } from '../views';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgRoles.newRole') };
}

export default permissionPage('roles.manage', async function NewRolePage() {
  const t = await getT();
  const grantable = [...(await getCurrentPermissions())];
  return (
    <>
      <Link
        href={ROLES_PATH}
        className="mb-3 inline-block text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
      >
        ← {t('orgRoles.backToRoles')}
      </Link>
      <PageHeading title={t('orgRoles.newRole')} description={t('orgRoles.newRoleIntro')} />
      <Card>
        <RoleForm grantable={grantable} />
      </Card>
    </>
  );
});
