import { Avatar } from '@/components/shell/avatar';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Link } from '@/components/ui/link';
import { imageUrl } from '@/lib/files/url';
import { getT } from '@/lib/i18n/server';

import { PHOTO_EDITOR_PATH } from './photo/paths';

/**
 * The profile photo: the current avatar (or initials), which opens the photo editor when clicked,
 * as the avatar in the profile menu does. Uploads and removals happen in the editor, so a file
 * too large for a form (`tooLarge`) is reported there.
 */
export async function PhotoCard({
  userId,
  firstName,
  lastName,
  email,
  photoFileId,
}: {
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  photoFileId: string | null;
  tooLarge?: boolean;
}) {
  const t = await getT();
  return (
    <Card title={t('photo.title')} id="photo" description={t('photo.description')}>
      <div className="flex flex-col items-start gap-4 sm:flex-row sm:items-center">
        <Link href={PHOTO_EDITOR_PATH} className="group avatar-link">
          <Avatar
            id={userId}
            firstName={firstName}
            lastName={lastName}
            email={email}
            photoUrl={imageUrl(photoFileId, 96)}
            size={96}
          />
          {/* A hint on hover that the avatar is the way in. */}
          <span aria-hidden className="avatar-overlay">
            {t('photo.change')}
          </span>
          <span className="sr-only">
            {t('photo.change')}. {photoFileId ? t('photo.current') : t('photo.initials')}
          </span>
        </Link>
        <div className="space-y-2">
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            {photoFileId ? t('photo.current') : t('photo.initials')}
          </p>
          <p className="text-xs muted">{t('photo.hint')}</p>
          <Link href={PHOTO_EDITOR_PATH} className={buttonClass('secondary')}>
            {t('photo.change')}
          </Link>
        </div>
      </div>
    </Card>
  );
}
