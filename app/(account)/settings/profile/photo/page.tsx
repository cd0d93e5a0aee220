import type { Metadata } from 'next';

import { PhotoForms } from '@/components/photo/photo-forms';
import { UserAvatar } from '@/components/shell/avatar';
import { PageHeading } from '@/components/shell/settings-frame';
import { Card } from '@/components/ui/card';
import { FlashNotice } from '@/components/ui/flash-notice';
import { Link } from '@/components/ui/link';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';

import { removePhoto, uploadPhoto } from '../photo-actions';
import { PHOTO_EDITOR_PATH, PHOTO_REMOVE_PATH } from './paths';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('photo.editorTitle') };
}

/** The photo editor: upload or drop an image, crop and zoom it, save; or remove the photo. */
export default userPage<{ searchParams: Promise<{ tooLarge?: string }> }>(async function PhotoEditorPage({
  searchParams,
  current,
}) {
  const { user } = current;
  const [{ tooLarge }, t] = await Promise.all([searchParams, getT()]);
  return (
    <>
      <Link
        href="/settings/profile"
        className="mb-3 inline-block text-sm text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
      >
        ← {t('photo.backToProfile')}
      </Link>
      <PageHeading title={t('photo.editorTitle')} description={t('photo.editorDescription')} />
      <div className="space-y-6">
        <FlashNotice path={PHOTO_EDITOR_PATH} />
        <Card title={t('photo.title')} id="photo" description={t('photo.description')}>
          <PhotoForms
            avatar={<UserAvatar user={user} size={96} />}
            currentLabel={user.photoFileId ? t('photo.current') : t('photo.initials')}
            hasPhoto={Boolean(user.photoFileId)}
            upload={uploadPhoto}
            remove={removePhoto}
            tooLarge={tooLarge === '1'}
            removeConfirmHref={PHOTO_REMOVE_PATH}
          />
        </Card>
      </div>
    </>
  );
});
