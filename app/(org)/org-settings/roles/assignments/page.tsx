import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { listAssignments, listCustomRoles, listGroupOptions, listPeople, PEOPLE_LIMIT } from '@/lib/org/roles';

import { AssignRoleForm } from '../assign-form';
import { AssignmentsTable } from '../assignments-table';
import { ASSIGNMENTS_PATH, RolesViews } from '../views';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgRoles.assignmentsTitle') };
}

type SearchParams = { q?: string | string[]; role?: string | string[] };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** Custom roles given to people and groups: assign one, or take one away. */
export default permissionPage<{ searchParams: Promise<SearchParams> }>(
  'roles.manage',
  async function RoleAssignmentsPage({ searchParams, current, db }) {
    const { org } = current;
    const params = await searchParams;
    const q = one(params.q).trim().slice(0, 100);
    const t = await getT();
    const [custom, assignments, found, groups] = await Promise.all([
      listCustomRoles(db, org.id),
      listAssignments(db, org.id),
      listPeople(db, org.id, q),
      listGroupOptions(db, org.id),
    ]);
    const people = found.slice(0, PEOPLE_LIMIT);
    // "Assign this role" on a role's page comes here with the role chosen.
    const role = custom.find((r) => r.id === one(params.role))?.id;

    return (
      <>
        <PageHeading title={t('orgSections.roles.title')} description={t('orgSections.roles.description')} />
        <RolesViews t={t} current="assignments" />
        <Card title={t('orgRoles.assignmentsTitle')} id="assignments" description={t('orgRoles.assignmentsIntro')}>
          <div className="space-y-6">
            <form
              method="get"
              action={`${ASSIGNMENTS_PATH}#assignments-title`}
              className="flex flex-wrap items-start gap-x-3 gap-y-2"
            >
              {role ? <input type="hidden" name="role" value={role} /> : null}
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
                  href={`${ASSIGNMENTS_PATH}${role ? `?role=${role}` : ''}#assignments-title`}
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
                initialRole={role}
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
      </>
    );
  },
);
