import pino, { type LoggerOptions } from 'pino';

import { hideSecretLinks } from './http/secret-links';

/**
 * An invitation or password-reset link acts as its recipient: a log line that quotes one (a
 * path, a URL, an error message) keeps the secret out, whoever reads the logs.
 */
function withoutSecretLinks(object: Record<string, unknown>): Record<string, unknown> {
  let clean = object;
  for (const [key, value] of Object.entries(object)) {
    if (typeof value !== 'string') continue;
    const hidden = hideSecretLinks(value);
    if (hidden === value) continue;
    if (clean === object) clean = { ...object };
    clean[key] = hidden;
  }
  return clean;
}

export const logOptions: LoggerOptions = {
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'roster' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ['password', '*.password', 'token', '*.token', 'pin', '*.pin'], censor: '[redacted]' },
  formatters: { log: withoutSecretLinks },
  hooks: {
    logMethod(args, method) {
      method.apply(
        this,
        args.map((arg) => (typeof arg === 'string' ? hideSecretLinks(arg) : arg)) as Parameters<typeof method>,
      );
    },
  },
};

/** Structured JSON logs; every line about a request carries its request id. */
export const log = pino(logOptions);
