'use client';

import {
  useActionState,
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type FormEvent,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { useTranslations } from 'use-intl';

import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { idle, type ActionState } from '@/lib/actions/result';
import { MAX_PHOTO_BYTES } from '@/lib/files/image-sizes';
import { SNIFF_BYTES, sniffImage } from '@/lib/files/sniff';

const VIEW = 240;
const MAX_ZOOM = 4;

type Crop = { x: number; y: number; size: number };
type Picked = { url: string; width: number; height: number };

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/** Keeps the square inside the image; `size` is in source pixels, like the server expects. */
function within(picked: Picked, crop: Crop): Crop {
  const size = clamp(
    crop.size,
    Math.min(picked.width, picked.height) / MAX_ZOOM,
    Math.min(picked.width, picked.height),
  );
  return { size, x: clamp(crop.x, 0, picked.width - size), y: clamp(crop.y, 0, picked.height - size) };
}

function centred(picked: Picked): Crop {
  const size = Math.min(picked.width, picked.height);
  return { size, x: (picked.width - size) / 2, y: (picked.height - size) / 2 };
}

/** The image under a round window: drag (mouse, touch or pen) or arrow keys move it. */
function CropArea({ picked, crop, onChange }: { picked: Picked; crop: Crop; onChange: (crop: Crop) => void }) {
  const t = useTranslations('photo');
  const drag = useRef<{ pointer: number; startX: number; startY: number; crop: Crop } | null>(null);
  const scale = VIEW / crop.size;

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { pointer: event.pointerId, startX: event.clientX, startY: event.clientY, crop };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start || start.pointer !== event.pointerId) return;
    const dx = (event.clientX - start.startX) / scale;
    const dy = (event.clientY - start.startY) / scale;
    onChange(within(picked, { ...start.crop, x: start.crop.x - dx, y: start.crop.y - dy }));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = crop.size * (event.shiftKey ? 0.1 : 0.02);
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    onChange(within(picked, { ...crop, x: crop.x + move[0], y: crop.y + move[1] }));
  };

  return (
    <div
      role="group"
      tabIndex={0}
      aria-label={t('cropArea')}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      className="relative shrink-0 cursor-move touch-none select-none overflow-hidden rounded-md bg-zinc-200 outline-offset-2 focus-visible:outline-2 focus-visible:outline-brand-600 dark:bg-zinc-800"
      style={{ width: VIEW, height: VIEW }}
    >
      {/* eslint-disable-next-line @next/next/no-img-element -- a local object URL, moved by CSS */}
      <img
        src={picked.url}
        alt=""
        draggable={false}
        className="absolute left-0 top-0 max-w-none origin-top-left"
        style={{
          width: picked.width,
          height: picked.height,
          transform: `translate(${-crop.x * scale}px, ${-crop.y * scale}px) scale(${scale})`,
        }}
      />
      <div
        aria-hidden
        className="pointer-events-none absolute inset-0 rounded-full shadow-[0_0_0_9999px_rgb(0_0_0/0.45)] ring-2 ring-white/80"
      />
    </div>
  );
}

function loadImage(file: File): Promise<Picked> {
  const url = URL.createObjectURL(file);
  return new Promise((resolve, reject) => {
    const image = new Image();
    // Browsers apply EXIF orientation here, as the server does before cropping.
    image.onload = () => resolve({ url, width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('unreadable'));
    };
    image.src = url;
  });
}

type PhotoAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * Upload and remove, for a profile photo or a group's. Without JavaScript: a file field and two
 * buttons (the server crops the centre). With JavaScript: the chosen image is checked at once
 * and shown for cropping; the square travels as cropX, cropY and cropSize in the image's own
 * pixels.
 */
export function PhotoForms({
  avatar,
  currentLabel,
  hasPhoto,
  upload,
  remove,
  hidden = {},
  tooLarge = false,
}: {
  /** The current photo or initials, 96 px. */
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
}) {
  const t = useTranslations('photo');
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
  const [seenState, setSeenState] = useState<ActionState>(uploadState);
  const fileInput = useRef<HTMLInputElement>(null);

  // React empties the form after each post, so the cropper goes with the file it showed.
  if (seenState !== uploadState) {
    setSeenState(uploadState);
    setPicked(null);
    setCrop(null);
  }
  useEffect(() => () => (picked ? URL.revokeObjectURL(picked.url) : undefined), [picked]);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
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

  return (
    <div className="space-y-4">
      <form id="photo-remove-form" action={removeAction} onSubmit={() => setLast('remove')} className="hidden">
        {hiddenInputs}
      </form>
      <FormStatus state={shown} />
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
            <Field id="photo-file" label={t('choose')} hint={picked ? t('cropHelp') : t('hint')} errors={errors}>
              <Input
                ref={fileInput}
                type="file"
                name="photo"
                accept="image/jpeg,image/png,.jpg,.jpeg,.jfif,.png"
                required
                onChange={onFile}
                className="px-2 py-1.5 file:mr-3 file:rounded file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-zinc-900 dark:file:bg-zinc-800 dark:file:text-zinc-100"
              />
            </Field>
            <noscript>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('centreCrop')}</p>
            </noscript>
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
              <Button type="submit" pending={uploading}>
                {t('upload')}
              </Button>
              {picked ? (
                <Button type="button" variant="ghost" onClick={cancel}>
                  {t('cancel')}
                </Button>
              ) : hasPhoto ? (
                // Sits beside "Upload photo" but submits its own form (the `form` attribute).
                <Button type="submit" form="photo-remove-form" variant="secondary" pending={removing}>
                  {t('remove')}
                </Button>
              ) : null}
            </div>
          </form>
        </div>
      </div>
    </div>
  );
}
