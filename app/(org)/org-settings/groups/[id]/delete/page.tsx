import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { PageHeading } from '@/components/shell/settings-frame';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { getCurrentPermissions } from '@/lib/auth/current';
import { permissionPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';
import { countMembers, getGroup, groupGrantsBeyond } from '@/lib/org/groups';

import { DeleteGroupForm } from '../../delete-form';
import { GROUPS_PATH } from '../../paths';

type Props = { params: Promise<{ id: string }> };

export const generateMetadata = permissionPage<Props, Metadata>('groups.manage', async ({ params, current, db }) => {
  const group = await getGroup(db, current.org.id, (await params).id);
  const t = await getT();
  return { title: group ? t('groups.deleteConfirmTitle', { name: group.name }) : t('orgSections.groups.title') };
});

/**
 * The confirmation of "Delete" on the groups list when the dialog cannot open (no JavaScript):
 * the same words and the same form, on a page of its own.
 */
export default permissionPage<Props>('groups.manage', async function DeleteGroupPage({ params, current, db }) {
  const group = await getGroup(db, current.org.id, (await params).id);
  if (!group) notFound();
  const t = await getT();
  const [memberCount, held] = await Promise.all([countMembers(db, current.org.id, group.id), getCurrentPermissions()]);
  const locked = await groupGrantsBeyond(db, held, current.org.id, group.id);
  return (
    <>
      <Link
        href={GROUPS_PATH}
        className="mb-3 inline-block text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
      >
        ← {t('groups.backToGroups')}
      </Link>
      <PageHeading title={t('groups.deleteConfirmTitle', { name: group.name })} />
      <Card>
        <div className="space-y-4">
          <p className="text-sm muted">{t('groups.deleteDescription', { count: memberCount })}</p>
          {locked ? (
            <p className="text-sm">{t('groups.errors.deleteBeyondYours')}</p>
          ) : (
            <DeleteGroupForm
              groupId={group.id}
              groupName={group.name}
              cancel={
                <Link href={GROUPS_PATH} className={buttonClass('secondary')}>
                  {t('groups.cancel')}
                </Link>
              }
            />
          )}
        </div>
      </Card>
    </>
  );
});
