import { describe, expect, it } from 'vitest';

import { unreadBadge } from './badge';
import { MAX_NOTIFICATION_URL_LENGTH, safeNotificationUrl } from './url';

const APP = 'https://roster.example.com';
const safe = (url: string | null | undefined) => safeNotificationUrl(url, APP);

describe('safeNotificationUrl', () => {
  it('keeps a path of the app and an absolute https address as they are', () => {
    for (const url of [
      '/settings/profile',
      '/notifications?before=abc#top',
      '/',
      '/tasks/42?tab=comments',
      'https://tasks.example.com/t/42',
      'https://roster.example.com/settings',
    ]) {
      expect(safe(url), url).toBe(url);
    }
  });

  it('refuses scripts, data, plain http and addresses without a scheme', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'javascript://%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'http://tasks.example.com/t/42',
      'ftp://example.com/file',
      'mailto:a@example.com',
      'tasks/42',
      './tasks',
      '../tasks',
      '?q=1',
      '#top',
      'https:/evil.example',
      'https://',
    ]) {
      expect(safe(url), url).toBeNull();
    }
  });

  it('refuses what a browser opens as another host: //, backslashes, credentials', () => {
    for (const url of [
      '//evil.example',
      '//evil.example/path',
      '/\\evil.example',
      '\\\\evil.example',
      '/path\\to',
      'https://roster.example.com@evil.example/',
      'https://user:pass@evil.example/',
    ]) {
      expect(safe(url), url).toBeNull();
    }
  });

  it('refuses whitespace and control characters anywhere, which browsers strip or read oddly', () => {
    for (const url of [
      ' /settings',
      '/settings ',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '\tjavascript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000/settings',
      '/\u0000/evil.example',
      '\u00a0https://evil.example',
      'https://evil.example/\u2028',
      '\ufeff/settings',
      '/\u200b/evil.example',
    ]) {
      expect(safe(url), JSON.stringify(url)).toBeNull();
    }
  });

  it('refuses anything over 2,000 characters, empty or missing', () => {
    const long = `/${'a'.repeat(MAX_NOTIFICATION_URL_LENGTH)}`;
    expect(long.length).toBeGreaterThan(2000);
    expect(safe(long)).toBeNull();
    expect(safe(`https://example.com/${'a'.repeat(2000)}`)).toBeNull();
    const fits = `/${'a'.repeat(MAX_NOTIFICATION_URL_LENGTH - 1)}`;
    expect(safe(fits)).toBe(fits);
    expect(safe('')).toBeNull();
    expect(safe(null)).toBeNull();
    expect(safe(undefined)).toBeNull();
  });

  it('works for an app served over http in development: its paths still open', () => {
    expect(safeNotificationUrl('/settings', 'http://localhost:3000')).toBe('/settings');
    expect(safeNotificationUrl('http://localhost:3000/settings', 'http://localhost:3000')).toBeNull();
  });
});

describe('unreadBadge', () => {
  it('shows the number up to 99, then 99+, and nothing at 0', () => {
    expect(unreadBadge(0)).toBeNull();
    expect(unreadBadge(-1)).toBeNull();
    expect(unreadBadge(Number.NaN)).toBeNull();
    expect(unreadBadge(1)).toBe('1');
    expect(unreadBadge(99)).toBe('99');
    expect(unreadBadge(100)).toBe('99+');
    expect(unreadBadge(5000)).toBe('99+');
  });
});
