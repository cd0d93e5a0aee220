import { Card } from '@/components/ui/card';
import { getT } from '@/lib/i18n/server';
import { Avatar } from '@/components/shell/avatar';
import { PhotoForms } from '@/components/photo/photo-forms';
import { removePhoto, uploadPhoto } from './photo-actions';
import { imageUrl } from '@/lib/files/url';

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
        avatar={<Avatar id={userId} firstName={firstName} lastName={lastName} email={email} photoUrl={imageUrl(photoFileId, 96)} size={96} />}
        currentLabel={photoFileId ? t('photo.current') : t('photo.initials')}
        hasPhoto={Boolean(photoFileId)}
        upload={uploadPhoto}
        remove={removePhoto}
        tooLarge={tooLarge}
      />
    </Card>
  );
}
