import { describe, expect, it } from 'vitest';

import { hideSecretLinks, isSecretPath, SECRET_PATH_PREFIXES } from './secret-links';

describe('secret links', () => {
  it('names the invitation and password-reset pages', () => {
    expect(SECRET_PATH_PREFIXES).toEqual(expect.arrayContaining(['/invite/', '/reset-password/']));
    expect(isSecretPath('/invite/abc')).toBe(true);
    expect(isSecretPath('/reset-password/abc')).toBe(true);
    expect(isSecretPath('/org-settings/invite-policy')).toBe(false);
    expect(isSecretPath('/forgot-password')).toBe(false);
  });

  it('hides the secret of every such link in running text, full URL or bare path', () => {
    const text = [
      'Accept: https://roster.example/invite/AbC_-123xyz',
      'Reset (https://roster.example/reset-password/Tok3n_-x) now.',
      'Path /invite/abc/extra?x=1#y',
      'Policy: https://roster.example/org-settings/invite-policy',
      'Stack: at /app/.next/server/app/invite/[token]/page.js',
    ].join('\n');
    expect(hideSecretLinks(text)).toBe(
      [
        'Accept: https://roster.example/invite/[hidden]',
        'Reset (https://roster.example/reset-password/[hidden]) now.',
        'Path /invite/[hidden]/extra?x=1#y',
        'Policy: https://roster.example/org-settings/invite-policy',
        'Stack: at /app/.next/server/app/invite/[token]/page.js',
      ].join('\n'),
    );
    expect(hideSecretLinks('/reset-password/abc', '[token]')).toBe('/reset-password/[token]');
    expect(hideSecretLinks('$1 /invite/a', '$&')).toBe('$1 /invite/$&');
  });
});
