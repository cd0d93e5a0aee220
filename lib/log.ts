import pino from 'pino';

/** Structured JSON logs; every line about a request carries its request id. */
export const log = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'roster' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ['password', '*.password', 'token', '*.token', 'pin', '*.pin'], censor: '[redacted]' },
});
