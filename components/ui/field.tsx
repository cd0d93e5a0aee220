'use client';

import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';

type ControlProps = { id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

/** Label, control, hint and every error, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  describedBy: describedByMore,
  errors,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The id of something else that describes the control (a checklist of rules next to it). */
  describedBy?: string;
  errors?: string[];
  children: ReactElement<ControlProps>;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, describedByMore, errorId].filter(Boolean).join(' ') || undefined;
  const control = isValidElement(children)
    ? cloneElement(children, { id, 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': describedBy })
    : children;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {control}
      {hint ? (
        <p id={hintId} className="text-xs muted">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <ul id={errorId} className="space-y-0.5 text-sm text-red-700 dark:text-red-400">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
