import { PhotoForms } from '@/components/photo/photo-forms';
import { Avatar } from '@/components/shell/avatar';
import { Card } from '@/components/ui/card';
import { imageUrl } from '@/lib/files/url';
import { getT } from '@/lib/i18n/server';

import { removePhoto, uploadPhoto } from './photo-actions';

/** The profile photo: current avatar (or initials), upload with crop, and remove. */
export async function PhotoCard({
  userId,
  firstName,
  lastName,
  email,
  photoFileId,
  tooLarge = false,
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
      <PhotoForms
        avatar={
          <Avatar
            id={userId}
            firstName={firstName}
            lastName={lastName}
            email={email}
            photoUrl={imageUrl(photoFileId, 96)}
            size={96}
          />
        }
        currentLabel={photoFileId ? t('photo.current') : t('photo.initials')}
        hasPhoto={Boolean(photoFileId)}
        upload={uploadPhoto}
        remove={removePhoto}
        tooLarge={tooLarge}
      />
    </Card>
  );
}
