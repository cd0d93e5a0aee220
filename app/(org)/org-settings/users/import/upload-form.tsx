'use client';

import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';

const FILE_ID = 'file';
const fileInputClass =
  'input px-2 py-1.5 file:mr-3 file:rounded file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-zinc-900 dark:file:bg-zinc-800 dark:file:text-zinc-100';

type Texts = { label: string; hint: string; submit: string; tooLarge: string; chosen: string };

/** "3.4 MB", "812 kB": enough to recognise the file. */
function fileSize(bytes: number, locale: string): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : [bytes / 1024, 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
    value,
  );
}

/**
 * A plain multipart post to the upload route (a server action takes at most 8 MB). Without
 * JavaScript the browser posts it as it is; with it, the form names the chosen file and refuses
 * one over the limit before sending it.
 */
export function UploadForm({
  action,
  texts,
  error,
  maxBytes,
  locale,
}: {
  action: string;
  texts: Texts;
  /** The message the previous upload came back with. */
  error: string | null;
  maxBytes: number;
  locale: string;
}) {
  const [chosen, setChosen] = useState<{ name: string; size: number } | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  // Back from the next page (the browser's page cache), the form is ready to send again.
  useEffect(() => {
    const ready = () => setSending(false);
    window.addEventListener('pageshow', ready);
    return () => window.removeEventListener('pageshow', ready);
  }, []);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    setChosen(file ? { name: file.name, size: file.size } : null);
    setLocalError(file && file.size > maxBytes ? texts.tooLarge : null);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const file = (event.currentTarget.elements.namedItem(FILE_ID) as HTMLInputElement | null)?.files?.[0];
    if (file && file.size > maxBytes) {
      event.preventDefault();
      setLocalError(texts.tooLarge);
      return;
    }
    setSending(true);
  };

  const shownError = localError ?? (chosen ? null : error);
  const describedBy = [`${FILE_ID}-hint`, chosen ? `${FILE_ID}-chosen` : null, shownError ? `${FILE_ID}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <form method="post" action={action} encType="multipart/form-data" onSubmit={onSubmit} className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor={FILE_ID} className="block text-sm font-medium">
          {texts.label}
        </label>
        <input
          id={FILE_ID}
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          onChange={onChange}
          // The page an upload came back to opens at the field that says what went wrong.
          autoFocus={Boolean(error)}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={describedBy}
          className={fileInputClass}
        />
        {chosen ? (
          <p id={`${FILE_ID}-chosen`} className="text-sm text-zinc-700 dark:text-zinc-300">
            {texts.chosen.replace('{name}', chosen.name).replace('{size}', fileSize(chosen.size, locale))}
          </p>
        ) : null}
        <p id={`${FILE_ID}-hint`} className="text-xs muted">
          {texts.hint}
        </p>
        {shownError ? (
          <p id={`${FILE_ID}-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
            {shownError}
          </p>
        ) : null}
      </div>
      <Button type="submit" pending={sending}>
        {texts.submit}
      </Button>
    </form>
  );
}
