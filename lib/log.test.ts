import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';

import { logOptions } from './log';

describe('log', () => {
  it('keeps secret links and secret fields out of every line', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino({ ...logOptions, level: 'info' }, sink);
    log.warn(
      {
        url: 'https://roster.example/invite/SECRETinvite_1',
        err: 'failed for /reset-password/SECRETreset_2',
        token: 'SECRETtoken_3',
      },
      'could not open /invite/SECRETinvite_4',
    );
    const line = lines.join('');
    expect(line).not.toMatch(/SECRET/);
    expect(JSON.parse(line)).toMatchObject({
      url: 'https://roster.example/invite/[hidden]',
      err: 'failed for /reset-password/[hidden]',
      token: '[redacted]',
      msg: 'could not open /invite/[hidden]',
    });
  });
});
