import { describe, expect, it } from 'vitest';

import { describeUserAgent } from './user-agent';

describe('describeUserAgent', () => {
  it('names Chrome on Linux', () => {
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
    expect(describeUserAgent(ua)).toEqual({
      browser: 'Chrome',
      os: 'Linux',
      device: 'desktop',
      label: 'Chrome 156 on Linux',
    });
  });

  it('names Firefox on Windows', () => {
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
    expect(describeUserAgent(ua)).toEqual({
      browser: 'Firefox',
      os: 'Windows',
      device: 'desktop',
      label: 'Firefox 128 on Windows',
    });
  });

  it('names Safari on an iPhone as mobile', () => {
    const ua =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    expect(describeUserAgent(ua)).toEqual({
      browser: 'Safari',
      os: 'iOS',
      device: 'mobile',
      label: 'Safari 17 on iOS',
    });
  });

  it('names Safari on an iPad as a tablet', () => {
    const ua =
      'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    expect(describeUserAgent(ua).device).toBe('tablet');
  });

  it('tells Edge apart from the Chrome it is built on', () => {
    const ua =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91';
    expect(describeUserAgent(ua)).toEqual({
      browser: 'Edge',
      os: 'Windows',
      device: 'desktop',
      label: 'Edge 120 on Windows',
    });
  });

  it('counts Chrome OS as a desktop', () => {
    const ua =
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
    expect(describeUserAgent(ua)).toMatchObject({ device: 'desktop', label: 'Chrome 124 on Chrome OS' });
  });

  it('falls back for clients that are not browsers and for missing headers', () => {
    const unknown = { browser: '', os: '', device: 'unknown', label: 'Unknown browser' };
    expect(describeUserAgent('curl/8.5.0')).toEqual(unknown);
    expect(describeUserAgent(null)).toEqual(unknown);
    expect(describeUserAgent('   ')).toEqual(unknown);
  });
});
