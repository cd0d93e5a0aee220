import { domainToASCII } from 'node:url';

import type { ManagedRole, UserStatus } from '@/db/schema';

import { roleGrants, type Permission } from '../auth/permissions';

export const INVITE_POLICIES = ['admins', 'managers', 'everyone'] as const;
export type InvitePolicy = (typeof INVITE_POLICIES)[number];

export const MAX_ALLOWED_DOMAINS = 100;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A lower-case ASCII hostname with at least two labels; an IP address is not a domain. */
function isHostname(domain: string): boolean {
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false;
  return !/^\d+$/.test(labels[labels.length - 1]);
}

/**
 * One entry of the allowed-domains list as an admin typed it ("@Exämple.COM") → its stored
 * form ("xn--exmple-cua.com"), or null when it is not a domain at all.
 */
export function normalizeDomain(input: string): string | null {
  let domain = input.normalize('NFKC').trim().toLowerCase();
  if (domain.startsWith('@')) domain = domain.slice(1);
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (!domain) return null;
  const ascii = domainToASCII(domain);
  return ascii && isHostname(ascii) ? ascii : null;
}

/** The textarea's text (one per line or comma-separated) → deduplicated domains and the entries that are not domains. */
export function parseAllowedDomains(text: string): { domains: string[]; invalid: string[] } {
  const domains: string[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const domain = normalizeDomain(entry);
    if (!domain) invalid.push(entry);
    else if (!domains.includes(domain)) domains.push(domain);
  }
  return { domains, invalid };
}

/**
 * The domain of an address as the policy compares it: NFKC first, lower case, split at the LAST
 * "@", then IDNA to ASCII so a look-alike letter becomes a distinct `xn--` label. Null when there
 * is no usable domain, and for an address written with a look-alike "@" (full-width "＠", small
 * "﹫"), which NFKC would otherwise quietly turn into a real one.
 */
export function emailDomain(email: string): string | null {
  if (/[\uFF20\uFE6B]/.test(email)) return null;
  const normalized = email.normalize('NFKC').trim().toLowerCase();
  const at = normalized.lastIndexOf('@');
  if (at <= 0 || at === normalized.length - 1) return null;
  const ascii = domainToASCII(normalized.slice(at + 1));
  return ascii || null;
}

/** Exact match only: "example.com" allows neither "evilexample.com" nor "example.com.evil.test" nor subdomains. */
export function emailDomainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  const domain = emailDomain(email);
  if (!domain) return false;
  if (allowedDomains.length === 0) return true;
  return allowedDomains.some((allowed) => domainToASCII(allowed.trim().toLowerCase()) === domain);
}

/**
 * Who may invite under each policy. "admins": the managed Owner and Admin roles; "managers":
 * anyone holding users.invite, custom roles included; "everyone": every active member.
 */
export function policyAllowsInviter(
  policy: InvitePolicy,
  role: ManagedRole,
  permissions: { has(p: Permission): boolean },
): boolean {
  if (policy === 'everyone') return true;
  if (policy === 'managers') return permissions.has('users.invite');
  return roleGrants(role, 'users.invite');
}

/**
 * The managed roles an inviter may hand out. Only the managed role counts: a custom role that
 * grants users.invite must not let its holder create admins, who would then outrank them.
 */
export function invitableRoles(role: ManagedRole): ManagedRole[] {
  if (role === 'owner') return ['member', 'admin', 'owner'];
  if (role === 'admin') return ['member', 'admin'];
  return ['member'];
}

/** What an inviter may do: the roles they may hand out, and whether they may manage invitations others sent. */
export type InviteRights = { roles: ManagedRole[]; anyInvitation: boolean };

/**
 * The one rule for "may invite, and what": the org navigation's "New user" entry, the users
 * page's "New user" link, the invitation form's page, its action, the pending-invitations buttons
 * and lib/org/invite all ask it, with the inviter's permission set, so a link is shown exactly
 * when the page and the action behind it let the person in. Null: may not invite at all.
 */
export function inviteRightsFor(
  inviter: { role: ManagedRole; status: UserStatus },
  policy: InvitePolicy,
  permissions: { has(p: Permission): boolean },
): InviteRights | null {
  if (inviter.status !== 'active') return null;
  if (!policyAllowsInviter(policy, inviter.role, permissions)) return null;
  return { roles: invitableRoles(inviter.role), anyInvitation: permissions.has('users.invite') };
}
