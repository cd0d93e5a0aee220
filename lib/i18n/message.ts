import type { MessageKey } from './catalog';
import type { Locale } from './config';

export type { MessageKey };

/** A value in a message: text (shown as it is), a number or date, or another message (a role's name). */
export type MessageValue = string | number | Date | MessageRef;

export type MessageRef = { key: MessageKey; values?: Record<string, MessageValue>; locale?: Locale };

/**
 * A message named by its catalog key, with its values: what actions, flashes and mails hand on.
 * It becomes text in the reader's language where it is shown, never before; `locale` fixes the
 * language (the answer to "Language" is said in the language just chosen).
 */
export type Message = MessageKey | MessageRef;

export const messageKey = (message: Message): MessageKey => (typeof message === 'string' ? message : message.key);

/**
 * A zod issue's message. The shared schemas set every message to a catalog key (the catalog test
 * checks each one exists), so the text is a key by contract; one the catalog lacks (a schema
 * without its own message) is shown as "This value is not valid."
 */
export const schemaMessage = (issueMessage: string): MessageKey => issueMessage as MessageKey;

/** Shown for a key the catalog lacks, so nobody sees a raw key. */
export const FALLBACK_MESSAGE: MessageKey = 'errors.invalidValue';
