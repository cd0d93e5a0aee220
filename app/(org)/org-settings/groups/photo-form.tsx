'use client';

import { useActionState, useState, type ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { idle } from '@/lib/actions/result';
import { removeGroupPhoto, uploadGroupPhoto } from './photo-actions';

const MAX_BYTES = 5 * 1024 * 1024;

/** Upload (centre square) and remove; a wrong file is caught in the browser when JavaScript runs. */
export function GroupPhotoForms({
  groupId,
  hasPhoto,
  avatar,
  tooLarge = false,
}: {
  groupId: string;
  hasPhoto: boolean;
  avatar: ReactNode;
  /** Sent back by the proxy: a file far over the limit was posted without JavaScript. */
  tooLarge?: boolean;
}) {
  const t = useTranslations('groups');
  const [uploadState, uploadAction, uploading] = useActionState(uploadGroupPhoto, idle);
  const [removeState, removeAction, removing] = useActionState(removeGroupPhoto, idle);
  const [last, setLast] = useState<'upload' | 'remove' | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const shown = last === 'remove' ? removeState : last === 'upload' ? uploadState : removeState.status !== 'idle' ? removeState : uploadState;
  const serverErrors = last === 'remove' ? undefined : uploadState.fieldErrors?.photo;
  const errors = clientError ? [clientError] : (serverErrors ?? (tooLarge && last === null ? [t('errors.photoInvalid')] : undefined));

  return (
    <div className="space-y-4">
      <form id="group-photo-remove" action={removeAction} onSubmit={() => setLast('remove')} className="hidden">
        <input type="hidden" name="groupId" value={groupId} />
      </form>
      <FormStatus state={shown} />
      <div className="flex flex-col gap-5 sm:flex-row sm:items-start">
        <div className="flex shrink-0 flex-col items-center">
          {avatar}
          <span className="sr-only">{hasPhoto ? t('photoCurrent') : t('photoNone')}</span>
        </div>
        <form
          action={uploadAction}
          onSubmit={(event) => {
            if (clientError) {
              event.preventDefault();
              return;
            }
            setLast('upload');
          }}
          className="min-w-0 flex-1 space-y-4"
        >
          <input type="hidden" name="groupId" value={groupId} />
          <Field id="group-photo-file" label={t('photoChoose')} hint={t('photoHint')} errors={errors}>
            <Input
              type="file"
              name="photo"
              accept="image/jpeg,image/png,.jpg,.jpeg,.jfif,.png"
              required
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                setLast(null);
                setClientError(file && (file.size > MAX_BYTES || !['image/jpeg', 'image/png'].includes(file.type)) ? t('errors.photoInvalid') : null);
              }}
              className="px-2 py-1.5 file:mr-3 file:rounded file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-zinc-900 dark:file:bg-zinc-800 dark:file:text-zinc-100"
            />
          </Field>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" pending={uploading}>
              {t('photoUpload')}
            </Button>
            {hasPhoto ? (
              <Button type="submit" form="group-photo-remove" variant="secondary" pending={removing}>
                {t('photoRemove')}
              </Button>
            ) : null}
          </div>
        </form>
      </div>
    </div>
  );
}
