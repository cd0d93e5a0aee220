/** What every action answers. Never carries a password, code or secret. */
export type ActionState = {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** What the user typed (secrets removed), so a re-rendered form without JS keeps it. */
  values?: Record<string, string>;
};

export const idle: ActionState = { status: 'idle' };

export function success(message: string): ActionState {
  return { status: 'success', message };
}

export function failure(
  message: string,
  fieldErrors?: Record<string, string[]>,
  values?: Record<string, string>,
): ActionState {
  return { status: 'error', message, fieldErrors, values };
}
