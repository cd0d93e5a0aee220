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
  /**
   * After an error: what the user typed (secrets removed), so a re-rendered form without JS keeps
   * it. After a success, where a form says so: the values as stored now, so the form shows them
   * without the page being rendered again.
   */
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

export function success(message: Message, values?: Record<string, string>): ActionResult {
  return values ? { status: 'success', message, values } : { status: 'success', message };
}

export function failure(
  message: Message,
  fieldErrors?: Record<string, Message[]>,
  values?: Record<string, string>,
): ActionResult {
  return { status: 'error', message, fieldErrors, values };
}
