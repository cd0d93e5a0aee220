/**
 * What proxy.ts answers when it refuses a request before any page or action runs. The texts
 * match what the forms say for the same problem (messages `errors.badRequest`).
 */

/** messages/en.json `errors.badRequest`: the answer of a form to a body it cannot read. */
export const BAD_REQUEST_MESSAGE = 'This request could not be read. Reload the page and try again.';

export const TOO_LARGE_MESSAGE = 'This request is too large: at most 8 MB can be sent at once.';
