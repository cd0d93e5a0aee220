import type { Metadata } from 'next';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/input';
import { loadEffectivePermissions } from '@/lib/auth/authorize';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { findPerson, listPeople, PEOPLE_LIMIT } from '@/lib/org/roles';

import { EffectivePermissionsTable } from '../effective-permissions';
import { PeopleSearch, searchParam } from '../people-search';
import { CHECK_PATH, RolesViews } from '../views';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('orgRoles.checkTitle') };
}

type SearchParams = { q?: string | string[]; user?: string | string[] };

/** Everything one person may do in the organization, and where each permission comes from. */
export default permissionPage<{ searchParams: Promise<SearchParams> }>(
  'roles.manage',
  async function CheckUserPage({ searchParams, current, db }) {
    const { org } = current;
    const params = await searchParams;
    const q = searchParam(params.q).trim().slice(0, 100);
    const t = await getT();
    const [found, checked] = await Promise.all([
      listPeople(db, org.id, q),
      findPerson(db, org.id, searchParam(params.user)),
    ]);
    const people = found.slice(0, PEOPLE_LIMIT);
    const effective = checked ? await loadEffectivePermissions(db, checked) : null;
    const checkedName = checked ? `${checked.firstName} ${checked.lastName}`.trim() || checked.email : '';
    // The person being checked stays choosable even when a search leaves them out of the list.
    const options =
      checked && !people.some((p) => p.id === checked.id)
        ? [{ id: checked.id, name: checkedName, email: checked.email }, ...people]
        : people;
    const personLabel = (p: { name: string; email: string }) =>
      p.name === p.email ? p.email : `${p.name} (${p.email})`;

    return (
      <>
        <PageHeading title={t('orgSections.roles.title')} description={t('orgSections.roles.description')} />
        <RolesViews t={t} current="check" />
        <Card title={t('orgRoles.checkTitle')} id="check" description={t('orgRoles.checkIntro')}>
          <div className="space-y-4">
            <PeopleSearch
              t={t}
              path={CHECK_PATH}
              anchor="check-title"
              q={q}
              keep={checked ? { name: 'user', value: checked.id } : undefined}
              limited={found.length > PEOPLE_LIMIT ? PEOPLE_LIMIT : undefined}
            />
            <form method="get" action={`${CHECK_PATH}#result`} className="flex flex-wrap items-end gap-3">
              {q ? <input type="hidden" name="q" value={q} /> : null}
              <div className="min-w-0 flex-1">
                <Field id="check-user" label={t('orgRoles.checkUser')}>
                  <Select name="user" defaultValue={checked?.id ?? ''} required>
                    <option value="">{t('orgRoles.chooseUser')}</option>
                    {options.map((p) => (
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
              <div id="result">
                <EffectivePermissionsTable t={t} name={checkedName} permissions={effective} />
              </div>
            ) : null}
          </div>
        </Card>
      </>
    );
  },
);
