import { describe, expect, it } from 'vitest';

import { withEnv } from '@/tests/support/env';

import { isInternalMailServer } from './connection-test';
import { checkedMailServerAddress } from './server-address';

describe('checkedMailServerAddress', () => {
  it('lets through the internal servers MAIL_INTERNAL_HOSTS lists, and no others', async () => {
    await withEnv({ MAIL_INTERNAL_HOSTS: undefined }, async () => {
      expect(await checkedMailServerAddress('127.0.0.1')).toEqual({ ok: false, failure: 'internal' });
    });
    await withEnv({ MAIL_INTERNAL_HOSTS: '127.0.0.0/8' }, async () => {
      expect(await checkedMailServerAddress('127.0.0.1')).toMatchObject({ ok: true, address: '127.0.0.1' });
      expect(await checkedMailServerAddress('10.0.0.1')).toEqual({ ok: false, failure: 'internal' });
    });
  });
});

describe('isInternalMailServer', () => {
  it('is true only for an internal host that is not listed; a name not found is not known to be internal', async () => {
    await withEnv({ MAIL_INTERNAL_HOSTS: undefined }, async () => {
      expect(await isInternalMailServer('169.254.169.254')).toBe(true);
      expect(await isInternalMailServer('localhost')).toBe(true);
      expect(await isInternalMailServer('no-such-host.invalid')).toBe(false);
    });
    await withEnv({ MAIL_INTERNAL_HOSTS: 'localhost' }, async () => {
      expect(await isInternalMailServer('localhost')).toBe(false);
    });
  });
});
