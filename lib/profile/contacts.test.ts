import { describe, expect, it } from 'vitest';

import { collectContactRows, isContactKind } from './contacts';

describe('collectContactRows', () => {
  it('gathers indexed keys in order and keeps the other fields', () => {
    expect(
      collectContactRows({
        firstName: 'Ada',
        'contacts.1.kind': 'slack',
        'contacts.1.handle': 'ada',
        'contacts.0.kind': 'telegram',
        'contacts.0.handle': '@ada',
        'contacts.0.remove': 'on',
      }),
    ).toEqual({
      firstName: 'Ada',
      contacts: [
        { kind: 'telegram', handle: '@ada', remove: 'on' },
        { kind: 'slack', handle: 'ada' },
      ],
    });
  });

  it('pairs repeated keys by position', () => {
    expect(
      collectContactRows({ 'contacts.kind': ['telegram', 'signal'], 'contacts.handle': ['@ada', '+491701234567'] }),
    ).toEqual({
      contacts: [
        { kind: 'telegram', handle: '@ada' },
        { kind: 'signal', handle: '+491701234567' },
      ],
    });
  });

  it('leaves a list that is already a list alone, and gives an empty one when nothing was posted', () => {
    const values = { contacts: [{ kind: 'teams', handle: 'ada@example.com' }] };
    expect(collectContactRows(values)).toBe(values);
    expect(collectContactRows({ firstName: 'Ada' })).toEqual({ firstName: 'Ada', contacts: [] });
  });
});

describe('isContactKind', () => {
  it('knows the seven kinds and nothing else', () => {
    expect(isContactKind('whatsapp')).toBe(true);
    expect(isContactKind('icq')).toBe(false);
    expect(isContactKind('Telegram')).toBe(false);
  });
});
