import { describe, expect, it } from 'vitest';

import { withEnv } from '@/tests/support/env';

import { checkedMailServerAddress, isInternalAddress, parseInternalHosts } from './server-address';

const none = parseInternalHosts('');
const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe('isInternalAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.251',
    '192.0.2.10',
    '198.18.0.1',
    '240.0.0.1',
    '::',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '2001:db8::25',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:101::1',
    '2001:0:4136:e378::1',
    'not-an-address',
  ])('%s is internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('%s is on the internet', (address) => {
    expect(isInternalAddress(address)).toBe(false);
  });
});

describe('checkedMailServerAddress', () => {
  it('gives the first IPv4 address of a public name, and the name for TLS', async () => {
    expect(
      await checkedMailServerAddress('SMTP.Example.com.', {
        allowance: none,
        lookup: resolvesTo('2606:4700::1', '93.184.216.34'),
      }),
    ).toEqual({ ok: true, address: '93.184.216.34', servername: 'smtp.example.com' });
  });

  it('refuses a name with any internal address among its public ones', async () => {
    expect(
      await checkedMailServerAddress('mixed.example', {
        allowance: none,
        lookup: resolvesTo('93.184.216.34', '10.0.0.5'),
      }),
    ).toEqual({ ok: false, failure: 'internal' });
  });

  it('refuses internal address literals without looking anything up', async () => {
    const lookup = async () => {
      throw new Error('no lookup expected');
    };
    for (const host of ['127.0.0.1', '[::1]', '::ffff:127.0.0.1', '169.254.169.254', '0.0.0.0'])
      expect(await checkedMailServerAddress(host, { allowance: none, lookup }), host).toEqual({
        ok: false,
        failure: 'internal',
      });
  });

  it('says "not found" when the name does not resolve', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await checkedMailServerAddress('no-such-host.invalid', { allowance: none, lookup })).toEqual({
      ok: false,
      failure: 'notFound',
    });
  });

  it('checks what the system resolver gives: localhost and a decimal form of 127.0.0.1', async () => {
    for (const host of ['localhost', '2130706433', '127.1'])
      expect(await checkedMailServerAddress(host, { allowance: none }), host).toEqual({
        ok: false,
        failure: 'internal',
      });
  });

  it('lets through what MAIL_INTERNAL_HOSTS lists: names as typed, addresses and ranges', async () => {
    const allowance = parseInternalHosts(' relay.corp.example , 10.20.0.0/16, [fd00::25], 127.0.0.1 ');
    expect(await checkedMailServerAddress('relay.corp.example', { allowance, lookup: resolvesTo('10.9.9.9') })).toEqual(
      {
        ok: true,
        address: '10.9.9.9',
        servername: 'relay.corp.example',
      },
    );
    expect(await checkedMailServerAddress('10.20.3.4', { allowance })).toMatchObject({
      ok: true,
      address: '10.20.3.4',
    });
    expect(await checkedMailServerAddress('fd00::25', { allowance })).toMatchObject({ ok: true, address: 'fd00::25' });
    expect(await checkedMailServerAddress('127.0.0.1', { allowance })).toMatchObject({ ok: true });
    // Only what is listed: a neighbouring range, or another name for the same network, is not.
    expect(await checkedMailServerAddress('10.21.0.1', { allowance })).toEqual({ ok: false, failure: 'internal' });
    expect(await checkedMailServerAddress('127.0.0.2', { allowance })).toEqual({ ok: false, failure: 'internal' });
    expect(await checkedMailServerAddress('other.corp.example', { allowance, lookup: resolvesTo('10.9.9.9') })).toEqual(
      {
        ok: false,
        failure: 'internal',
      },
    );
  });

  it('reads MAIL_INTERNAL_HOSTS when no allowance is given', async () => {
    await withEnv({ MAIL_INTERNAL_HOSTS: undefined }, async () => {
      expect(await checkedMailServerAddress('127.0.0.1')).toEqual({ ok: false, failure: 'internal' });
    });
    await withEnv({ MAIL_INTERNAL_HOSTS: '127.0.0.0/8' }, async () => {
      expect(await checkedMailServerAddress('127.0.0.1')).toMatchObject({ ok: true, address: '127.0.0.1' });
    });
  });
});
