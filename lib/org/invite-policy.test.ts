import { describe, expect, it } from 'vitest';

import type { Permission } from '../auth/permissions';
import {
  emailDomain,
  emailDomainAllowed,
  invitableRoles,
  inviteRightsFor,
  normalizeDomain,
  parseAllowedDomains,
  policyAllowsInviter,
} from './invite-policy';

const CYRILLIC_A = '\u0430';

describe('emailDomainAllowed', () => {
  const allowed = ['example.com'];

  it('allows any well-formed address when the list is empty', () => {
    expect(emailDomainAllowed('a@anything.test', [])).toBe(true);
    expect(emailDomainAllowed('no-at-sign', [])).toBe(false);
  });

  it('matches the domain exactly, ignoring case', () => {
    expect(emailDomainAllowed('a@example.com', allowed)).toBe(true);
    expect(emailDomainAllowed('A@EXAMPLE.COM', allowed)).toBe(true);
    expect(emailDomainAllowed('  a@Example.Com ', allowed)).toBe(true);
  });

  it('never matches by suffix or prefix', () => {
    expect(emailDomainAllowed('a@evilexample.com', allowed)).toBe(false);
    expect(emailDomainAllowed('a@example.com.evil.test', allowed)).toBe(false);
    expect(emailDomainAllowed('a@sub.example.com', allowed)).toBe(false);
    expect(emailDomainAllowed('a@example.co', allowed)).toBe(false);
    expect(emailDomainAllowed('a@example.com.', allowed)).toBe(false);
  });

  it('splits on the last @, so a quoted local part cannot smuggle an allowed domain', () => {
    expect(emailDomainAllowed('"a@example.com"@evil.test', allowed)).toBe(false);
    expect(emailDomainAllowed('a@example.com@evil.test', allowed)).toBe(false);
    expect(emailDomainAllowed('a@evil.test@example.com', allowed)).toBe(true);
  });

  it('refuses an address written with a look-alike @, whatever domain it seems to name', () => {
    expect(emailDomain('a＠evil.test')).toBeNull();
    expect(emailDomainAllowed('a＠evil.test', allowed)).toBe(false);
    expect(emailDomainAllowed('a＠example.com', allowed)).toBe(false);
    expect(emailDomainAllowed('a﹫example.com', [])).toBe(false);
    expect(emailDomainAllowed('a@example.com＠evil.test', allowed)).toBe(false);
    // Other compatibility characters normalise: a full-width letter is the letter.
    expect(emailDomainAllowed('a@ｅxample.com', allowed)).toBe(true);
    expect(emailDomainAllowed('a@ｅｘａｍｐｌｅ.com', allowed)).toBe(true);
  });

  it('turns a look-alike letter into a distinct punycode domain that does not match', () => {
    const lookalike = `a@ex${CYRILLIC_A}mple.com`;
    expect(emailDomain(lookalike)).toMatch(/^xn--/);
    expect(emailDomainAllowed(lookalike, allowed)).toBe(false);
  });

  it('matches an internationalised domain through its ASCII form either way round', () => {
    expect(emailDomainAllowed('a@bücher.example', ['xn--bcher-kva.example'])).toBe(true);
    expect(emailDomainAllowed('a@xn--bcher-kva.example', ['xn--bcher-kva.example'])).toBe(true);
    expect(emailDomainAllowed('a@bucher.example', ['xn--bcher-kva.example'])).toBe(false);
  });

  it('refuses addresses without a usable domain', () => {
    expect(emailDomainAllowed('a@', allowed)).toBe(false);
    expect(emailDomainAllowed('@example.com', allowed)).toBe(false);
    expect(emailDomainAllowed('a@exa mple.com', allowed)).toBe(false);
  });
});

describe('normalizeDomain and parseAllowedDomains', () => {
  it('trims, lower-cases, strips a leading @ and a trailing dot, and converts to ASCII', () => {
    expect(normalizeDomain('  @Example.COM ')).toBe('example.com');
    expect(normalizeDomain('example.com.')).toBe('example.com');
    expect(normalizeDomain('Bücher.Example')).toBe('xn--bcher-kva.example');
    expect(normalizeDomain(`ex${CYRILLIC_A}mple.com`)).toMatch(/^xn--/);
  });

  it('refuses what is not a hostname', () => {
    for (const bad of [
      '',
      'localhost',
      '*.example.com',
      'a..b',
      '-a.com',
      'a-.com',
      'a_b.com',
      '1.2.3.4',
      'exa mple.com',
      'http://example.com',
      `${'a'.repeat(64)}.com`,
    ]) {
      expect(normalizeDomain(bad), bad).toBeNull();
    }
  });

  it('accepts lines and commas, drops blanks and duplicates, and reports the invalid entries', () => {
    expect(parseAllowedDomains('Example.com\n@example.com, corp.example.org\n\n  ,bad_domain, *.x.com')).toEqual({
      domains: ['example.com', 'corp.example.org'],
      invalid: ['bad_domain', '*.x.com'],
    });
    expect(parseAllowedDomains('   ')).toEqual({ domains: [], invalid: [] });
  });
});

describe('who may invite', () => {
  const perms = (...list: Permission[]) => new Set<Permission>(list);
  const matrix: Array<[string, Parameters<typeof policyAllowsInviter>[1], Set<Permission>, Record<string, boolean>]> = [
    ['owner', 'owner', perms('users.invite'), { admins: true, managers: true, everyone: true }],
    ['admin', 'admin', perms('users.invite'), { admins: true, managers: true, everyone: true }],
    ['custom-role holder', 'member', perms('users.invite'), { admins: false, managers: true, everyone: true }],
    ['member', 'member', perms(), { admins: false, managers: false, everyone: true }],
    [
      'member with other permissions',
      'member',
      perms('groups.manage'),
      { admins: false, managers: false, everyone: true },
    ],
  ];
  for (const [who, role, permissions, expected] of matrix) {
    it(`${who}: ${JSON.stringify(expected)}`, () => {
      for (const policy of ['admins', 'managers', 'everyone'] as const) {
        expect(policyAllowsInviter(policy, role, permissions), policy).toBe(expected[policy]);
      }
    });
  }

  it('hands out Owner only from an owner and Admin only from owners and admins', () => {
    expect(invitableRoles('owner')).toEqual(['member', 'admin', 'owner']);
    expect(invitableRoles('admin')).toEqual(['member', 'admin']);
    expect(invitableRoles('member')).toEqual(['member']);
  });
});

describe('inviteRightsFor', () => {
  const holding = (...held: Permission[]) => new Set<Permission>(held);

  it('is the policy rule plus the roles to hand out, and nothing for an inactive account', () => {
    const active = { role: 'member' as const, status: 'active' as const };
    // A custom role's users.invite counts under "Admins and managers" only, never under "Admins only".
    expect(inviteRightsFor(active, 'admins', holding('users.invite'))).toBeNull();
    expect(inviteRightsFor(active, 'managers', holding('users.invite'))).toEqual({
      roles: ['member'],
      anyInvitation: true,
    });
    expect(inviteRightsFor(active, 'managers', holding())).toBeNull();
    expect(inviteRightsFor(active, 'everyone', holding())).toEqual({ roles: ['member'], anyInvitation: false });
    expect(inviteRightsFor({ role: 'admin', status: 'active' }, 'admins', holding('users.invite'))).toEqual({
      roles: ['member', 'admin'],
      anyInvitation: true,
    });
    expect(inviteRightsFor({ role: 'owner', status: 'deactivated' }, 'everyone', holding('users.invite'))).toBeNull();
  });
});
