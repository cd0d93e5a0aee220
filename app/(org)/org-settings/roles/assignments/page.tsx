import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { listAssignments, listCustomRoles, listGroupOptions, listPeople, PEOPLE_LIMIT } from '@/lib/org/roles';

import { AssignRoleForm } from '../assign-form';
import { AssignmentsTable } from '../assignments-table';
import { PeopleSearch, searchParam } from '../people-search';
import { ASSIGNMENTS_PATH, RolesViews } from '../views';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgRoles.assignmentsTitle') };
}

type SearchParams = { q?: string | string[]; role?: string | string[] };

/** Custom roles given to people and groups: assign one, or take one away. */
export default permissionPage<{ searchParams: Promise<SearchParams> }>(
  'roles.manage',
  async function RoleAssignmentsPage({ searchParams, current, db }) {
    const { org } = current;
    const params = await searchParams;
    const q = searchParam(params.q).trim().slice(0, 100);
    const t = await getT();
    const [custom, assignments, found, groups] = await Promise.all([
      listCustomRoles(db, org.id),
      listAssignments(db, org.id),
      listPeople(db, org.id, q),
      listGroupOptions(db, org.id),
    ]);
    const people = found.slice(0, PEOPLE_LIMIT);
    // "Assign this role" on a role's page comes here with the role chosen.
    const role = custom.find((r) => r.id === searchParam(params.role))?.id;

    return (
      <>
        <PageHeading title={t('orgSections.roles.title')} description={t('orgSections.roles.description')} />
        <RolesViews t={t} current="assignments" />
        <Card title={t('orgRoles.assignmentsTitle')} id="assignments" description={t('orgRoles.assignmentsIntro')}>
          <div className="space-y-6">
            <PeopleSearch
              t={t}
              path={ASSIGNMENTS_PATH}
              anchor="assignments-title"
              q={q}
              keep={role ? { name: 'role', value: role } : undefined}
              limited={found.length > PEOPLE_LIMIT ? PEOPLE_LIMIT : undefined}
            />
            {custom.length ? (
              <AssignRoleForm
                roles={custom.map((r) => ({ id: r.id, name: r.name }))}
                people={people}
                groups={groups}
                initialRole={role}
              />
            ) : (
              <p className="text-sm muted">{t('orgRoles.noRolesToAssign')}</p>
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
