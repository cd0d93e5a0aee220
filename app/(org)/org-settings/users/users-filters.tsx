import { Button, buttonClass } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import { getT } from '@/lib/i18n/server';

type Option = { value: string; label: string };

export type UsersFilterValues = {
  q: string;
  status: string;
  role: string;
  group: string;
  sort: string;
  size: string;
};

/**
 * A plain GET form: the filters live in the URL, so they work without JavaScript, survive a
 * reload and can be shared. Changing a filter starts again at page 1 (no page field is sent).
 */
export async function UsersFilters({
  values,
  statuses,
  roles,
  groups,
  sorts,
  sizes,
  filtered,
}: {
  values: UsersFilterValues;
  statuses: Option[];
  roles: Option[];
  groups: Option[];
  sorts: Option[];
  /** Rows per page; the first is the default. */
  sizes: string[];
  filtered: boolean;
}) {
  const t = await getT();
  return (
    <form
      method="get"
      action="/org-settings/users"
      role="search"
      aria-label={t('orgUsers.filters.label')}
      className="space-y-4"
    >
      <Field id="users-q" label={t('orgUsers.filters.search')} hint={t('orgUsers.filters.searchHint')}>
        <Input type="search" name="q" defaultValue={values.q} maxLength={100} autoComplete="off" spellCheck={false} />
      </Field>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Field id="users-status" label={t('orgUsers.filters.status')}>
          <Select name="status" defaultValue={values.status}>
            <option value="">{t('orgUsers.filters.allStatuses')}</option>
            {statuses.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="users-role" label={t('orgUsers.filters.role')}>
          <Select name="role" defaultValue={values.role}>
            <option value="">{t('orgUsers.filters.allRoles')}</option>
            {roles.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="users-group" label={t('orgUsers.filters.group')}>
          <Select name="group" defaultValue={values.group}>
            <option value="">{t('orgUsers.filters.allGroups')}</option>
            {groups.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="users-sort" label={t('orgUsers.filters.sort')}>
          <Select name="sort" defaultValue={values.sort}>
            {sorts.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-32">
          <Field id="users-size" label={t('orgUsers.filters.pageSize')}>
            <Select name="size" defaultValue={values.size}>
              {sizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button type="submit">{t('orgUsers.filters.apply')}</Button>
        {filtered ? (
          <Link href="/org-settings/users" className={buttonClass('ghost')}>
            {t('orgUsers.filters.clear')}
          </Link>
        ) : null}
      </div>
    </form>
  );
}
