import { Card } from '@/components/ui/card';
import { getT } from '@/lib/i18n/server';
import { PhotoForms } from './photo-cropper';
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
      <PhotoForms person={{ id: userId, firstName, lastName, email }} photoUrl={imageUrl(photoFileId, 96)} tooLarge={tooLarge} />
    </Card>
  );
}
