import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import type { Db } from '@/db';
import { isUuid } from '@/lib/actions/schema-fields';
import { notHeld } from '@/lib/auth/authorize';
import { getCurrentPermissions } from '@/lib/auth/current';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { findRole, grantedPermissions, listAssignments } from '@/lib/org/roles';

import { DeleteRoleForm } from '../delete-role-form';
import { RoleForm } from '../role-form';
import { ASSIGNMENTS_PATH, ROLES_PATH } from '../views';

type Props = { params: Promise<{ roleId: string }> };

async function loadRole(db: Db, org: { id: string }, roleId: string) {
  if (!isUuid(roleId)) notFound();
  const role = await findRole(db, org.id, roleId);
  if (!role) notFound();
  return { org, role };
}

export const generateMetadata = permissionPage<Props, Metadata>('roles.manage', async ({ params, current, db }) => {
  const { role } = await loadRole(db, current.org, (await params).roleId);
  return { title: role.name };
});

export default permissionPage<Props>('roles.manage', async function EditRolePage({ params, current, db }) {
  const { roleId } = await params;
  const { org, role } = await loadRole(db, current.org, roleId);
  const t = await getT();
  const [holders, held] = await Promise.all([listAssignments(db, org.id, role.id), getCurrentPermissions()]);
  const beyond = notHeld(held, role.permissions);
  return (
    <>
      <Link
        href={ROLES_PATH}
        className="mb-3 inline-block text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
      >
        ← {t('orgRoles.backToRoles')}
      </Link>
      <PageHeading title={role.name} description={role.description || undefined} />
      <div className="space-y-6">
        <Card>
          <RoleForm
            role={{
              id: role.id,
              name: role.name,
              description: role.description,
              permissions: grantedPermissions(role.permissions),
            }}
            grantable={[...held]}
          />
        </Card>
        <Card title={t('orgRoles.holdersTitle')} id="holders">
          {holders.length ? (
            <ul className="list-disc space-y-1 pl-5 text-sm">
              {holders.map((h) => (
                <li key={h.id}>
                  {h.groupId
                    ? t('orgRoles.groupAssignee', { name: h.groupName ?? '' })
                    : h.userName
                      ? `${h.userName} (${h.userEmail})`
                      : h.userEmail}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm muted">{t('orgRoles.noHolders')}</p>
          )}
          <Link
            href={`${ASSIGNMENTS_PATH}?role=${role.id}#assignments-title`}
            className={buttonClass('secondary', 'mt-4')}
            aria-label={t('orgRoles.assignThisRoleLabel', { name: role.name })}
          >
            {t('orgRoles.assignThisRole')}
          </Link>
        </Card>
        <Card title={t('orgRoles.deleteTitle')} id="delete" description={t('orgRoles.deleteIntro')}>
          {beyond.length ? (
            <p className="text-sm muted">
              {t('orgRoles.deleteLocked', {
                permissions: beyond.map((p) => t(`orgRoles.permissions.${p}.label`)).join(', '),
              })}
            </p>
          ) : (
            <DeleteRoleForm roleId={role.id} name={role.name} />
          )}
        </Card>
      </div>
    </>
  );
});
