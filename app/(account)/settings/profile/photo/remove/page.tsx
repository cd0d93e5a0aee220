import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { UserAvatar } from '@/components/shell/avatar';
import { PageHeading } from '@/components/shell/settings-frame';
import { Button, buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';

import { removePhotoConfirmed } from '../../photo-actions';
import { PHOTO_EDITOR_PATH } from '../paths';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('photo.removeTitle') };
}

/** "Remove photo" without JavaScript: the question the editor's dialog asks, as a page of its own. */
export default userPage(async function RemovePhotoPage({ current }) {
  const { user } = current;
  // Nothing to remove: the editor says so with the initials.
  if (!user.photoFileId) redirect(PHOTO_EDITOR_PATH);
  const t = await getT();
  return (
    <>
      <PageHeading title={t('photo.removeTitle')} />
      <Card>
        <div className="flex flex-col items-start gap-4 sm:flex-row sm:items-center">
          <UserAvatar user={user} size={96} />
          <p className="text-sm text-zinc-700 dark:text-zinc-300">{t('photo.removeText')}</p>
        </div>
        <form action={removePhotoConfirmed} className="mt-5 flex flex-wrap gap-3">
          <Button type="submit" variant="danger">
            {t('photo.remove')}
          </Button>
          <Link href={PHOTO_EDITOR_PATH} className={buttonClass('ghost')}>
            {t('photo.cancel')}
          </Link>
        </form>
      </Card>
    </>
  );
});
