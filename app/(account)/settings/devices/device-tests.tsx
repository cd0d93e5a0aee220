'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';

import { Button } from '@/components/ui/button';

import { playTestTone, speakerSelection, startInputMeter } from './audio-tests';

const LISTEN_MS = 5000;

type Message = { kind: 'info' | 'error'; text: string } | null;

/** `microphoneDefault`: the system default microphone was asked for, so "not found" means there is none. */
function errorKey(error: unknown, microphoneDefault = false) {
  const name = (error as DOMException)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'test.denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return microphoneDefault ? 'test.noMicrophone' : 'test.notFound';
  if (name === 'NotReadableError') return 'test.busy';
  return 'test.failed';
}

/** Listens to the chosen microphone for a few seconds and reports a live input level. */
export function useMicrophoneTest(deviceId: string) {
  const t = useTranslations('devices');
  const [level, setLevel] = useState<number | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const timerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const stop = () => {
    clearTimeout(timerRef.current);
    stopRef.current?.();
    stopRef.current = null;
    setLevel(null);
  };

  useEffect(
    () => () => {
      clearTimeout(timerRef.current);
      stopRef.current?.();
    },
    [],
  );

  const start = async () => {
    stop();
    setMessage({ kind: 'info', text: t('test.listening') });
    try {
      stopRef.current = await startInputMeter(deviceId, setLevel);
      timerRef.current = setTimeout(() => {
        stop();
        setMessage({ kind: 'info', text: t('test.listened') });
      }, LISTEN_MS);
    } catch (error) {
      stop();
      setMessage({ kind: 'error', text: t(errorKey(error, !deviceId)) });
    }
  };

  return { start, running: level !== null, level, message };
}

/** Plays a short tone on the chosen output, or says why it cannot. */
export function useSpeakerTest(sinkId: string) {
  const t = useTranslations('devices');
  const [playing, setPlaying] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  const start = async () => {
    setPlaying(true);
    setMessage(null);
    try {
      const where = await playTestTone(sinkId);
      setMessage({ kind: 'info', text: where === 'default' ? t('test.playedDefault') : t('test.played') });
    } catch (error) {
      setMessage({ kind: 'error', text: t(errorKey(error)) });
    } finally {
      setPlaying(false);
    }
  };

  return { start, playing, message };
}

export function TestButton({
  onClick,
  pending,
  disabled,
  describedBy,
}: {
  onClick: () => void;
  pending: boolean;
  disabled?: boolean;
  describedBy: string;
}) {
  const t = useTranslations('devices');
  return (
    <Button
      type="button"
      variant="secondary"
      onClick={onClick}
      pending={pending}
      disabled={disabled}
      aria-describedby={describedBy}
    >
      {t('test.button')}
    </Button>
  );
}

export function LevelMeter({ level }: { level: number }) {
  const t = useTranslations('devices');
  const percent = Math.round(level * 100);
  return (
    <div
      role="meter"
      aria-label={t('test.inputLevel')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className="h-2.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div
        className="h-full rounded-full bg-green-500 transition-[width] duration-75"
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}

export function TestMessage({ message }: { message: Message }) {
  return (
    <p
      aria-live="polite"
      className={message?.kind === 'error' ? 'text-sm text-red-700 dark:text-red-400' : 'text-sm muted'}
    >
      {message?.text}
    </p>
  );
}

/** Shown when the browser cannot send sound to a chosen output. */
export function useSpeakerSelectionSupported(): boolean {
  const [supported] = useState(() => speakerSelection() !== 'none');
  return supported;
}
