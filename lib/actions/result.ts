import type { Message } from '../i18n/message';

/**
 * What an action's handler answers: message keys only. The action wrappers turn them into text
 * in the user's language (`ActionState`) before the answer leaves the server. Never carries a
 * password, code or secret.
 */
export type ActionResult = {
  status: 'idle' | 'success' | 'error';
  message?: Message;
  fieldErrors?: Record<string, Message[]>;
  /** What the user typed (secrets removed), so a re-rendered form without JS keeps it. */
  values?: Record<string, string>;
};

/** What a form receives: the same answer, its messages as text in the user's language. */
export type ActionState = {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};

export const idle: ActionState = { status: 'idle' };

export function success(message: Message): ActionResult {
  return { status: 'success', message };
}

export function failure(
  message: Message,
  fieldErrors?: Record<string, Message[]>,
  values?: Record<string, string>,
): ActionResult {
  return { status: 'error', message, fieldErrors, values };
}
