import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'use-intl';
import { describe, expect, it } from 'vitest';

import { compiledMessagesFor } from '@/lib/i18n/messages';
import { PASSWORD_RULES } from '@/lib/security/password-policy';

import { PasswordChecklist } from './password-checklist';

function render(value: string, personal?: Parameters<typeof PasswordChecklist>[0]['personal']) {
  const html = renderToStaticMarkup(
    <IntlProvider locale="en" timeZone="UTC" messages={compiledMessagesFor('en')}>
      <PasswordChecklist id="password-rules" value={value} personal={personal} />
    </IntlProvider>,
  );
  const items = [...html.matchAll(/<li data-rule="([a-z]+)" data-state="([a-zA-Z]+)"[^>]*>(.*?)<\/li>/g)].map(
    ([, rule, state, inner]) => ({
      rule,
      state,
      text: inner
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    }),
  );
  return { html, items };
}

describe('the password checklist', () => {
  it('shows every rule the server applies, in its order, also before anything is typed', () => {
    const { html, items } = render('');
    expect(html).toContain('aria-label="Password requirements"');
    expect(items.map((i) => i.rule)).toEqual(PASSWORD_RULES.map((r) => r.id));
    expect(items.map((i) => i.text)).toEqual([
      '○ 8 to 128 characters (not met yet)',
      '○ An uppercase letter (not met yet)',
      '○ A lowercase letter (not met yet)',
      '○ A digit (not met yet)',
      '○ A special character (not met yet)',
      '• Not your name, email or organization (checked when you save)',
      '• Not a commonly used password (checked when you save)',
    ]);
  });

  it('ticks the personal rule as the person types when the page gives their details', () => {
    const grace = { email: 'grace@navy.example', firstName: 'Grace', lastName: 'Hopper', orgName: 'Navy' };
    const withName = render('Zq9#GraceQ', grace).items.find((i) => i.rule === 'personal');
    expect(withName).toEqual({
      rule: 'personal',
      state: 'notMet',
      text: '○ Not your name, email or organization (not met yet)',
    });
    const fine = render('tR7#vq!Lz2@mXw', grace).items;
    expect(fine.filter((i) => i.state === 'met').map((i) => i.rule)).toEqual([
      'length',
      'upper',
      'lower',
      'digit',
      'special',
      'personal',
    ]);
    expect(fine.find((i) => i.rule === 'common')?.state).toBe('onSave');
  });
});
