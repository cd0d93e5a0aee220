'use client';

import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslations } from 'use-intl';

const VIEW = 240;
export const MAX_ZOOM = 4;

export type Crop = { x: number; y: number; size: number };
export type Picked = { url: string; width: number; height: number };

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/** Keeps the square inside the image; `size` is in source pixels, like the server expects. */
export function within(picked: Picked, crop: Crop): Crop {
  const size = clamp(
    crop.size,
    Math.min(picked.width, picked.height) / MAX_ZOOM,
    Math.min(picked.width, picked.height),
  );
  return { size, x: clamp(crop.x, 0, picked.width - size), y: clamp(crop.y, 0, picked.height - size) };
}

export function centred(picked: Picked): Crop {
  const size = Math.min(picked.width, picked.height);
  return { size, x: (picked.width - size) / 2, y: (picked.height - size) / 2 };
}

/** The image under a round window: drag (mouse, touch or pen) or arrow keys move it. */
export function CropArea({ picked, crop, onChange }: { picked: Picked; crop: Crop; onChange: (crop: Crop) => void }) {
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

export function loadImage(file: File): Promise<Picked> {
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
