import type { Availability } from '@/db/schema/users';

export type { Availability };

/** In the order the Status select lists them. */
export const AVAILABILITY_OPTIONS = ['online', 'offline', 'unavailable'] as const satisfies readonly Availability[];

export function isAvailability(value: unknown): value is Availability {
  return typeof value === 'string' && (AVAILABILITY_OPTIONS as readonly string[]).includes(value);
}

/** The dot on the avatar: green, grey, red; colour is never the only signal (see the label). */
export const AVAILABILITY_DOT: Record<Availability, string> = {
  online: 'bg-green-500',
  offline: 'bg-zinc-400 dark:bg-zinc-500',
  unavailable: 'bg-red-500',
};
