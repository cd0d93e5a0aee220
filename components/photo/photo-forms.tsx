'use client';

import {
  useActionState,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ChangeEvent,
  type DragEvent,
  type FormEvent,
  type ReactNode,
} from 'react';
import { useTranslations } from 'use-intl';

import { Button, buttonClass } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Link } from '@/components/ui/link';
import { idle, type ActionState } from '@/lib/actions/result';
import { isSmallPhoto, MAX_PHOTO_BYTES } from '@/lib/files/image-sizes';
import { SNIFF_BYTES, sniffImage } from '@/lib/files/sniff';

import { centred, CropArea, loadImage, MAX_ZOOM, within, type Crop, type Picked } from './crop-area';

type PhotoAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

const subscribeNothing = () => () => {};
/** False on the server and until hydration, so the page first renders what works without JavaScript. */
const useEnhanced = () =>
  useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );

const FILE_ID = 'photo-file';
const REMOVE_FORM_ID = 'photo-remove-form';

/**
 * The photo editor, for a profile photo or a group's. Without JavaScript: the file field, "Save"
 * (the server crops the centre) and "Remove photo", which leads to a confirmation page when there
 * is one. With JavaScript: "Upload photo" or an image dragged onto the upload area is checked at
 * once and shown for cropping and zooming, the square travelling as cropX, cropY and cropSize in
 * the image's own pixels; "Remove photo" asks in a dialog. An image under 200 × 200 pixels is
 * accepted with a warning, here and in the server's answer.
 */
export function PhotoForms({
  avatar,
  currentLabel,
  hasPhoto,
  upload,
  remove,
  hidden = {},
  tooLarge = false,
  removeConfirmHref,
}: {
  /** The current photo or initials. */
  avatar: ReactNode;
  /** Says what the avatar shows, for screen readers. */
  currentLabel: string;
  hasPhoto: boolean;
  upload: PhotoAction;
  remove: PhotoAction;
  /** Sent with both forms, e.g. which group the photo is for (the action checks it). */
  hidden?: Record<string, string>;
  /** Sent back by the proxy: a file far over the limit was posted without JavaScript. */
  tooLarge?: boolean;
  /** Without JavaScript, "Remove photo" opens this confirmation page instead of removing at once. */
  removeConfirmHref?: string;
}) {
  const t = useTranslations('photo');
  const enhanced = useEnhanced();
  const [uploadState, uploadAction, uploading] = useActionState(upload, idle);
  const [removeState, removeAction, removing] = useActionState(remove, idle);
  const hiddenInputs = Object.entries(hidden).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));
  // Which form's answer to show: the last one posted; none while a new image is being chosen.
  const [last, setLast] = useState<'upload' | 'remove' | 'none' | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [crop, setCrop] = useState<Crop | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [seenState, setSeenState] = useState<ActionState>(uploadState);
  const fileInput = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const statusBox = useRef<HTMLDivElement>(null);

  // React empties the form after each post, so the cropper goes with the file it showed.
  if (seenState !== uploadState) {
    setSeenState(uploadState);
    setPicked(null);
    setCrop(null);
  }
  useEffect(() => () => (picked ? URL.revokeObjectURL(picked.url) : undefined), [picked]);
  // The "Remove photo" button is gone once the photo is: the focus goes to what happened instead.
  useEffect(() => {
    if (removeState.status !== 'idle') statusBox.current?.focus();
  }, [removeState]);

  const choose = async (file: File | undefined) => {
    setPicked(null);
    setCrop(null);
    setClientError(null);
    setLast('none');
    if (!file) return;
    // By content, as the server checks it: the browser's guessed type may be empty or odd (.jfif).
    if (file.size > MAX_PHOTO_BYTES || !sniffImage(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()))) {
      setClientError(t('invalidFile'));
      return;
    }
    try {
      const image = await loadImage(file);
      setPicked(image);
      setCrop(centred(image));
    } catch {
      setClientError(t('invalidFile'));
    }
  };

  const onFile = (event: ChangeEvent<HTMLInputElement>) => choose(event.currentTarget.files?.[0]);

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    const input = fileInput.current;
    if (!file || !input) return;
    // The form posts the field's file, so the dropped one goes into the field.
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    void choose(file);
  };

  const onUploadSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (clientError) {
      event.preventDefault();
      fileInput.current?.focus();
      return;
    }
    setLast('upload');
  };

  const cancel = () => {
    if (fileInput.current) fileInput.current.value = '';
    setPicked(null);
    setCrop(null);
    setClientError(null);
  };

  const minSide = picked ? Math.min(picked.width, picked.height) : 1;
  const answered =
    last === 'none'
      ? idle
      : last === 'remove'
        ? removeState
        : last === 'upload'
          ? uploadState
          : removeState.status !== 'idle'
            ? removeState
            : uploadState;
  const shown: ActionState =
    tooLarge && last === null && answered.status === 'idle' ? { status: 'error', message: t('invalidFile') } : answered;
  // Saved, but below the recommended size: a warning, not a refusal.
  const savedSmall =
    shown === uploadState && uploadState.status === 'success' && uploadState.values?.warning === 'small';
  const serverErrors =
    last === 'remove' || last === 'none'
      ? undefined
      : ['photo', 'cropX', 'cropY', 'cropSize'].flatMap((k) => uploadState.fieldErrors?.[k] ?? []);
  const errors = clientError
    ? [clientError]
    : serverErrors?.length
      ? [...new Set(serverErrors)]
      : tooLarge && last === null
        ? [t('invalidFile')]
        : undefined;
  const smallWarning =
    picked && isSmallPhoto(picked.width, picked.height)
      ? t('smallImage', { width: picked.width, height: picked.height })
      : null;
  const describedBy = [`${FILE_ID}-hint`, smallWarning && `${FILE_ID}-warning`, errors && `${FILE_ID}-error`]
    .filter(Boolean)
    .join(' ');

  const uploadLabel = (
    <label
      htmlFor={FILE_ID}
      className={
        enhanced
          ? buttonClass(
              'secondary',
              'mt-2 cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-500',
            )
          : 'mb-1.5 block text-sm font-medium'
      }
    >
      {t('upload')}
    </label>
  );

  let removeControl: ReactNode = null;
  if (hasPhoto && !picked) {
    removeControl = enhanced ? (
      <Button type="button" variant="secondary" onClick={() => dialog.current?.showModal()}>
        {t('remove')}
      </Button>
    ) : removeConfirmHref ? (
      <Link href={removeConfirmHref} className={buttonClass('secondary')}>
        {t('remove')}
      </Link>
    ) : (
      // Sits beside "Save" but submits its own form (the `form` attribute).
      <Button type="submit" form={REMOVE_FORM_ID} variant="secondary" pending={removing}>
        {t('remove')}
      </Button>
    );
  }

  return (
    <div className="space-y-4">
      <form id={REMOVE_FORM_ID} action={removeAction} onSubmit={() => setLast('remove')} className="hidden">
        {hiddenInputs}
      </form>
      <div ref={statusBox} tabIndex={-1} className="outline-none">
        {savedSmall ? (
          <p
            role="status"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          >
            {uploadState.message}
          </p>
        ) : (
          <FormStatus state={shown} />
        )}
      </div>
      <div className="flex flex-col gap-5 sm:flex-row sm:items-start">
        {picked && crop ? (
          <div className="mx-auto sm:mx-0">
            <CropArea picked={picked} crop={crop} onChange={setCrop} />
          </div>
        ) : (
          <div className="flex shrink-0 flex-col items-center gap-2">
            {avatar}
            <span className="sr-only">{currentLabel}</span>
          </div>
        )}
        <div className="min-w-0 flex-1">
          <form action={uploadAction} onSubmit={onUploadSubmit} className="space-y-4">
            {hiddenInputs}
            <div
              data-drop-zone
              onDragEnter={enhanced ? onDragOver : undefined}
              onDragOver={enhanced ? onDragOver : undefined}
              onDragLeave={enhanced ? () => setDragging(false) : undefined}
              onDrop={enhanced ? onDrop : undefined}
              className={cn(
                'rounded-lg border-2 border-dashed p-4 transition-colors',
                enhanced && 'text-center',
                dragging
                  ? 'border-brand-600 bg-brand-50 dark:border-brand-500 dark:bg-zinc-800'
                  : 'border-zinc-300 dark:border-zinc-700',
              )}
            >
              {enhanced ? (
                <p className="text-sm text-zinc-700 dark:text-zinc-300">{dragging ? t('dropNow') : t('dropHere')}</p>
              ) : (
                uploadLabel
              )}
              <input
                ref={fileInput}
                id={FILE_ID}
                type="file"
                name="photo"
                accept="image/jpeg,image/png,.jpg,.jpeg,.jfif,.png"
                required
                onChange={onFile}
                aria-invalid={errors ? true : undefined}
                aria-describedby={describedBy}
                className={
                  enhanced
                    ? 'peer sr-only'
                    : 'input px-2 py-1.5 file:mr-3 file:rounded file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-zinc-900 dark:file:bg-zinc-800 dark:file:text-zinc-100'
                }
              />
              {enhanced ? uploadLabel : null}
              <p id={`${FILE_ID}-hint`} className="mt-2 text-xs muted">
                {picked ? t('cropHelp') : t('hint')}
              </p>
              <noscript>
                <p className="mt-1 text-xs muted">{t('centreCrop')}</p>
              </noscript>
              {smallWarning ? (
                <p
                  id={`${FILE_ID}-warning`}
                  role="status"
                  className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-left text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
                >
                  {smallWarning}
                </p>
              ) : null}
              {errors ? (
                <ul id={`${FILE_ID}-error`} className="mt-2 space-y-0.5 text-sm text-red-700 dark:text-red-400">
                  {errors.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              ) : null}
            </div>
            {picked && crop ? (
              <>
                <input type="hidden" name="cropX" value={Math.floor(crop.x)} />
                <input type="hidden" name="cropY" value={Math.floor(crop.y)} />
                <input type="hidden" name="cropSize" value={Math.floor(crop.size)} />
                <Field id="photo-zoom" label={t('zoom')}>
                  <input
                    type="range"
                    min={1}
                    max={MAX_ZOOM}
                    step={0.01}
                    value={minSide / crop.size}
                    onChange={(event) => {
                      const size = minSide / Number(event.currentTarget.value);
                      const cx = crop.x + crop.size / 2;
                      const cy = crop.y + crop.size / 2;
                      setCrop(within(picked, { size, x: cx - size / 2, y: cy - size / 2 }));
                    }}
                    className="block w-full max-w-xs accent-brand-600"
                  />
                </Field>
              </>
            ) : null}
            <div className="flex flex-wrap gap-3">
              {/* With JavaScript there is nothing to save until an image is chosen. */}
              {!enhanced || picked ? (
                <Button type="submit" pending={uploading}>
                  {t('save')}
                </Button>
              ) : null}
              {picked ? (
                <Button type="button" variant="ghost" onClick={cancel}>
                  {t('cancel')}
                </Button>
              ) : null}
              {removeControl}
            </div>
          </form>
        </div>
      </div>
      {enhanced && hasPhoto ? (
        <dialog
          ref={dialog}
          aria-labelledby="photo-remove-title"
          aria-describedby="photo-remove-text"
          className="m-auto w-[min(24rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <h2 id="photo-remove-title" className="section-title">
            {t('removeTitle')}
          </h2>
          <p id="photo-remove-text" className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
            {t('removeText')}
          </p>
          <div className="mt-5 flex flex-wrap justify-end gap-3">
            {/* The safe choice has the focus first. */}
            <Button type="button" variant="ghost" autoFocus onClick={() => dialog.current?.close()}>
              {t('cancel')}
            </Button>
            <Button
              type="submit"
              form={REMOVE_FORM_ID}
              variant="danger"
              pending={removing}
              onClick={() => dialog.current?.close()}
            >
              {t('remove')}
            </Button>
          </div>
        </dialog>
      ) : null}
    </div>
  );
}
