import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { FlashNotice } from '@/components/ui/flash-notice';
import { Input, Select } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import { loadEffectivePermissions } from '@/lib/auth/authorize';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import {
  findPerson,
  grantedPermissions,
  listAssignments,
  listCustomRoles,
  listGroupOptions,
  listPeople,
  PEOPLE_LIMIT,
} from '@/lib/org/roles';

import { AssignRoleForm } from './assign-form';
import { AssignmentsTable } from './assignments-table';
import { EffectivePermissionsTable } from './effective-permissions';
import { ManagedRolesTable } from './managed-roles';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgSections.roles.title') };
}

type SearchParams = { q?: string | string[]; check?: string | string[] };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default permissionPage<{ searchParams: Promise<SearchParams> }>(
  'roles.manage',
  async function RolesPage({ searchParams, current, db }) {
    const { org } = current;
    const params = await searchParams;
    const q = one(params.q).trim().slice(0, 100);
    const checkId = one(params.check);
    const t = await getT();
    const [custom, assignments, found, groups, checked] = await Promise.all([
      listCustomRoles(db, org.id),
      listAssignments(db, org.id),
      listPeople(db, org.id, q),
      listGroupOptions(db, org.id),
      findPerson(db, org.id, checkId),
    ]);
    const people = found.slice(0, PEOPLE_LIMIT);
    const effective = checked ? await loadEffectivePermissions(db, checked) : null;
    const checkedName = checked ? `${checked.firstName} ${checked.lastName}`.trim() || checked.email : '';
    // The person being checked stays choosable even when a search leaves them out of the list.
    const checkOptions =
      checked && !people.some((p) => p.id === checked.id)
        ? [{ id: checked.id, name: checkedName, email: checked.email }, ...people]
        : people;
    const personLabel = (p: { name: string; email: string }) =>
      p.name === p.email ? p.email : `${p.name} (${p.email})`;

    return (
      <>
        <PageHeading title={t('orgSections.roles.title')} description={t('orgSections.roles.description')} />
        <div className="space-y-6">
          <FlashNotice path="/org-settings/roles" />

          <Card title={t('orgRoles.managedTitle')} id="managed" description={t('orgRoles.managedIntro')}>
            <ManagedRolesTable t={t} />
          </Card>

          <Card title={t('orgRoles.customTitle')} id="custom" description={t('orgRoles.customIntro')}>
            {custom.length ? (
              <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {custom.map((role) => (
                  <li key={role.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                    <div className="min-w-0 flex-1 text-sm">
                      <p className="font-medium">{role.name}</p>
                      {role.description ? <p className="text-zinc-600 dark:text-zinc-400">{role.description}</p> : null}
                      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                        {grantedPermissions(role.permissions)
                          .map((p) => t(`orgRoles.permissions.${p}.label`))
                          .join(' · ')}
                      </p>
                      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                        {t('orgRoles.assignmentCount', { count: role.assignments })}
                      </p>
                    </div>
                    <Link
                      href={`/org-settings/roles/${role.id}`}
                      className={buttonClass('secondary', 'min-h-8 px-3 py-1')}
                      aria-label={t('orgRoles.editRoleLabel', { name: role.name })}
                    >
                      {t('orgRoles.editRole')}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('orgRoles.noCustomRoles')}</p>
            )}
            <Link href="/org-settings/roles/new" className={buttonClass('primary', 'mt-4')}>
              {t('orgRoles.newRole')}
            </Link>
          </Card>

          <Card title={t('orgRoles.assignmentsTitle')} id="assignments" description={t('orgRoles.assignmentsIntro')}>
            <div className="space-y-6">
              <form
                method="get"
                action="/org-settings/roles#assignments-title"
                className="flex flex-wrap items-start gap-x-3 gap-y-2"
              >
                {checked ? <input type="hidden" name="check" value={checked.id} /> : null}
                <div className="min-w-0 flex-1">
                  <Field id="find-people" label={t('orgRoles.findPeople')} hint={t('orgRoles.findPeopleHint')}>
                    <Input type="search" name="q" defaultValue={q} maxLength={100} autoComplete="off" />
                  </Field>
                </div>
                {/* Level with the input: the label above it is 1.625rem tall with its gap. */}
                <button type="submit" className={buttonClass('secondary', 'mt-[1.625rem]')}>
                  {t('orgRoles.search')}
                </button>
                {q ? (
                  <Link
                    href={
                      checked
                        ? `/org-settings/roles?check=${checked.id}#assignments-title`
                        : '/org-settings/roles#assignments-title'
                    }
                    className={buttonClass('ghost', 'mt-[1.625rem]')}
                  >
                    {t('orgRoles.clearSearch')}
                  </Link>
                ) : null}
              </form>
              {found.length > PEOPLE_LIMIT ? (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  {t('orgRoles.peopleLimited', { count: PEOPLE_LIMIT })}
                </p>
              ) : null}
              {custom.length ? (
                <AssignRoleForm
                  roles={custom.map((r) => ({ id: r.id, name: r.name }))}
                  people={people}
                  groups={groups}
                />
              ) : (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('orgRoles.noRolesToAssign')}</p>
              )}
              <AssignmentsTable
                items={assignments.map((a) => ({
                  id: a.id,
                  roleName: a.roleName,
                  assignee: a.groupId
                    ? t('orgRoles.groupAssignee', { name: a.groupName ?? '' })
                    : a.userName
                      ? `${a.userName} (${a.userEmail})`
                      : (a.userEmail ?? ''),
                }))}
              />
            </div>
          </Card>

          <Card title={t('orgRoles.checkTitle')} id="check" description={t('orgRoles.checkIntro')}>
            <form method="get" action="/org-settings/roles#check-title" className="mb-4 flex flex-wrap items-end gap-3">
              {q ? <input type="hidden" name="q" value={q} /> : null}
              <div className="min-w-0 flex-1">
                <Field id="check-user" label={t('orgRoles.checkUser')}>
                  <Select name="check" defaultValue={checked?.id ?? ''} required>
                    <option value="">{t('orgRoles.chooseUser')}</option>
                    {checkOptions.map((p) => (
                      <option key={p.id} value={p.id}>
                        {personLabel(p)}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <button type="submit" className={buttonClass('secondary')}>
                {t('orgRoles.check')}
              </button>
            </form>
            {checked && effective ? (
              <EffectivePermissionsTable t={t} name={checkedName} permissions={effective} />
            ) : null}
          </Card>
        </div>
      </>
    );
  },
);
