import https from 'node:https';
import { describe, expect, it } from 'vitest';

import {
  checkedOutboundAddress,
  guardedLookup,
  isInternalAddress,
  isRefusedLiteral,
  parseInternalHosts,
} from './outbound-address';

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
    '64:ff9b:1::808:808',
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

describe('checkedOutboundAddress', () => {
  it('gives the first IPv4 address of a public name, and the name for TLS', async () => {
    expect(
      await checkedOutboundAddress('SMTP.Example.com.', none, resolvesTo('2606:4700::1', '93.184.216.34')),
    ).toEqual({ ok: true, address: '93.184.216.34', servername: 'smtp.example.com' });
  });

  it('refuses a name with any internal address among its public ones', async () => {
    expect(await checkedOutboundAddress('mixed.example', none, resolvesTo('93.184.216.34', '10.0.0.5'))).toEqual({
      ok: false,
      failure: 'internal',
    });
  });

  it('refuses internal address literals without looking anything up', async () => {
    const lookup = async () => {
      throw new Error('no lookup expected');
    };
    for (const host of ['127.0.0.1', '[::1]', '::ffff:127.0.0.1', '169.254.169.254', '0.0.0.0'])
      expect(await checkedOutboundAddress(host, none, lookup), host).toEqual({
        ok: false,
        failure: 'internal',
      });
  });

  it('says "not found" when the name does not resolve', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await checkedOutboundAddress('no-such-host.invalid', none, lookup)).toEqual({
      ok: false,
      failure: 'notFound',
    });
  });

  it('checks what the system resolver gives: localhost and a decimal form of 127.0.0.1', async () => {
    for (const host of ['localhost', '2130706433', '127.1'])
      expect(await checkedOutboundAddress(host, none), host).toEqual({
        ok: false,
        failure: 'internal',
      });
  });

  it('lets through what MAIL_INTERNAL_HOSTS lists: names as typed, addresses and ranges', async () => {
    const allowance = parseInternalHosts(' relay.corp.example , 10.20.0.0/16, [fd00::25], 127.0.0.1 ');
    expect(await checkedOutboundAddress('relay.corp.example', allowance, resolvesTo('10.9.9.9'))).toEqual({
      ok: true,
      address: '10.9.9.9',
      servername: 'relay.corp.example',
    });
    expect(await checkedOutboundAddress('10.20.3.4', allowance)).toMatchObject({
      ok: true,
      address: '10.20.3.4',
    });
    expect(await checkedOutboundAddress('fd00::25', allowance)).toMatchObject({ ok: true, address: 'fd00::25' });
    expect(await checkedOutboundAddress('127.0.0.1', allowance)).toMatchObject({ ok: true });
    // Only what is listed: a neighbouring range, or another name for the same network, is not.
    expect(await checkedOutboundAddress('10.21.0.1', allowance)).toEqual({ ok: false, failure: 'internal' });
    expect(await checkedOutboundAddress('127.0.0.2', allowance)).toEqual({ ok: false, failure: 'internal' });
    expect(await checkedOutboundAddress('other.corp.example', allowance, resolvesTo('10.9.9.9'))).toEqual({
      ok: false,
      failure: 'internal',
    });
  });
});

describe('isRefusedLiteral', () => {
  it('refuses internal address literals that are not listed, and leaves names to the lookup', () => {
    const allowance = parseInternalHosts('127.0.0.1');
    expect(isRefusedLiteral('10.0.0.1', allowance)).toBe(true);
    expect(isRefusedLiteral('[::1]', allowance)).toBe(true);
    expect(isRefusedLiteral('127.0.0.1', allowance)).toBe(false);
    expect(isRefusedLiteral('8.8.8.8', allowance)).toBe(false);
    expect(isRefusedLiteral('push.example', allowance)).toBe(false);
  });
});

describe('guardedLookup', () => {
  const lookupOf = (host: string, all: boolean, allowance = none) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      guardedLookup(allowance)(host, { all }, (error, address, family) => resolve({ error, address, family })),
    );

  it('answers both ways Node asks: one address, or all of them', async () => {
    const allowance = parseInternalHosts('localhost');
    expect(await lookupOf('localhost', false, allowance)).toEqual({ error: null, address: '127.0.0.1', family: 4 });
    expect((await lookupOf('localhost', true, allowance)).address).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });

  it('fails with EINTERNAL for a name on the internal network, so nothing is sent', async () => {
    const { error } = await lookupOf('localhost', true);
    expect(error?.code).toBe('EINTERNAL');
  });

  it('refuses an https request to such a name before connecting', async () => {
    const agent = new https.Agent({ lookup: guardedLookup(none) });
    const failure = await new Promise<NodeJS.ErrnoException>((resolve) => {
      https.get('https://localhost:9/', { agent }, () => resolve(new Error('answered'))).on('error', resolve);
    });
    expect(failure.code).toBe('EINTERNAL');
    agent.destroy();
  });
});
