import type { ButtonHTMLAttributes } from 'react';

import { cn } from './cn';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

/** The `.btn` rules of app/globals.css, one per variant. */
export const buttonClass = (variant: Variant = 'primary', extra?: string) => cn('btn', `btn-${variant}`, extra);

export function Button({
  variant = 'primary',
  className,
  pending,
  children,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; pending?: boolean }) {
  return (
    <button
      {...props}
      className={buttonClass(variant, className)}
      aria-busy={pending || undefined}
      disabled={props.disabled || pending}
    >
      {pending ? (
        <span className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />
      ) : null}
      {children}
    </button>
  );
}
