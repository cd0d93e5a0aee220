export const IMPORT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'role',
  'groups',
  'jobTitle',
  'phone',
  'username',
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Lower case, no accents, ß as ss, letters and digits only: "E-Mail-Adresse" → "emailadresse". */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

// Header names in English, German and Russian.
const NAMES_WRITTEN: Record<ImportField, string[]> = {
  email: [
    'email',
    'emailaddress',
    'mail',
    'mailaddress',
    'emailadresse',
    'mailadresse',
    'почта',
    'электронная почта',
    'адрес электронной почты',
    'емаил',
    'емейл',
    'имейл',
  ],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'vorname', 'имя'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nachname', 'familienname', 'фамилия'],
  role: ['role', 'userrole', 'rolle', 'benutzerrolle', 'роль'],
  groups: ['groups', 'group', 'gruppen', 'gruppe', 'группы', 'группа'],
  jobTitle: [
    'jobtitle',
    'title',
    'position',
    'job',
    'berufsbezeichnung',
    'stellenbezeichnung',
    'jobbezeichnung',
    'должность',
    'позиция',
  ],
  phone: [
    'phone',
    'phonenumber',
    'telephone',
    'mobile',
    'mobilephone',
    'tel',
    'telefon',
    'telefonnummer',
    'mobil',
    'mobilnummer',
    'handy',
    'телефон',
    'номер телефона',
    'мобильный',
    'мобильный телефон',
  ],
  username: [
    'username',
    'user',
    'login',
    'loginname',
    'benutzername',
    'benutzer',
    'anmeldename',
    'логин',
    'имя пользователя',
    'пользователь',
  ],
};

const NAMES = Object.fromEntries(IMPORT_FIELDS.map((field) => [field, NAMES_WRITTEN[field].map(headerKey)])) as Record<
  ImportField,
  string[]
>;

/**
 * Which column probably holds which field. Exact names first; then, for fields still open, a name
 * that begins or ends with a known one ("Work email", "Telefon (mobil)"). A column serves one field.
 */
export function suggestMapping(headers: string[]): Partial<Record<ImportField, number>> {
  const keys = headers.map(headerKey);
  const used = new Set<number>();
  const mapping: Partial<Record<ImportField, number>> = {};
  const passes: ((key: string, name: string) => boolean)[] = [
    (key, name) => key === name,
    (key, name) => name.length >= 4 && (key.startsWith(name) || key.endsWith(name)),
  ];
  for (const matches of passes) {
    for (const field of IMPORT_FIELDS) {
      if (mapping[field] !== undefined) continue;
      const index = keys.findIndex((key, i) => !used.has(i) && key !== '' && NAMES[field].some((n) => matches(key, n)));
      if (index !== -1) {
        mapping[field] = index;
        used.add(index);
      }
    }
  }
  return mapping;
}

/** Group names in one cell, separated by `;`, `|` or `,`; duplicates (ignoring case) dropped. */
export function splitGroups(cell: string): string[] {
  const seen = new Set<string>();
  const groups: string[] = [];
  for (const part of cell.split(/[;|,]/)) {
    const name = part.trim();
    const key = name.toLowerCase();
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    groups.push(name);
  }
  return groups;
}
