import { describe, expect, it } from 'vitest';

import { headerKey, IMPORT_FIELDS, splitGroups, suggestMapping } from './mapping';

describe('suggestMapping', () => {
  it('maps English headers', () => {
    expect(
      suggestMapping(['E-mail address', 'First name', 'Surname', 'Role', 'Groups', 'Job title', 'Phone', 'Username']),
    ).toEqual({ email: 0, firstName: 1, lastName: 2, role: 3, groups: 4, jobTitle: 5, phone: 6, username: 7 });
  });

  it('maps German headers, whatever the case and accents', () => {
    expect(
      suggestMapping([
        'NACHNAME',
        'Vorname',
        'E-Mail',
        'Rolle',
        'Gruppen',
        'Berufsbezeichnung',
        'Telefon',
        'Benutzername',
      ]),
    ).toEqual({ lastName: 0, firstName: 1, email: 2, role: 3, groups: 4, jobTitle: 5, phone: 6, username: 7 });
    expect(suggestMapping(['Émail', 'Position'])).toEqual({ email: 0, jobTitle: 1 });
  });

  it('maps Russian headers', () => {
    expect(
      suggestMapping(['Фамилия', 'Имя', 'Электронная почта', 'Роль', 'Группы', 'Должность', 'Телефон', 'Логин']),
    ).toEqual({ lastName: 0, firstName: 1, email: 2, role: 3, groups: 4, jobTitle: 5, phone: 6, username: 7 });
    expect(suggestMapping(['Почта', 'Имя пользователя', 'Мобильный телефон'])).toEqual({
      email: 0,
      username: 1,
      phone: 2,
    });
  });

  it('uses each column once and prefers exact names', () => {
    expect(suggestMapping(['Manager email', 'Email', 'Notes', ''])).toEqual({ email: 1 });
    expect(suggestMapping(['Work email', 'Telefon (mobil)', 'Login'])).toEqual({ email: 0, phone: 1, username: 2 });
    expect(suggestMapping(['Email', 'email'])).toEqual({ email: 0 });
    expect(suggestMapping([])).toEqual({});
  });

  it('knows every field', () => {
    expect(IMPORT_FIELDS).toHaveLength(8);
    expect(headerKey(' Straße-Nr. ')).toBe('strassenr');
  });
});

describe('splitGroups', () => {
  it('splits on ; | and , and trims', () => {
    expect(splitGroups(' Sales ; Support|Night shift , Berlin ')).toEqual([
      'Sales',
      'Support',
      'Night shift',
      'Berlin',
    ]);
  });

  it('drops empty names and duplicates ignoring case', () => {
    expect(splitGroups('Sales;;sales| SALES ,Отдел,отдел, ')).toEqual(['Sales', 'Отдел']);
    expect(splitGroups('')).toEqual([]);
    expect(splitGroups(' ; | , ')).toEqual([]);
  });
});
