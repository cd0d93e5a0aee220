import 'server-only';

import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';

import { getDb } from '@/db';
import { isDatabaseUnavailable } from '@/db/unavailable';

import { signInPath } from '../http/sign-in-redirect';
import { orUnavailable } from '../http/unavailable';
import { inSession, mfaSetupEnforced } from '../security/mfa-requirement';
import { mayOpenOrgSettings } from '../settings/org-nav';
import { loadPermissionSet } from './authorize';
import { sessionCookie } from './cookies';
import type { Permission } from './permissions';
import { loadLiveSession, type LiveSession } from './session-store';
import { sessionIdFromCookie } from './session-token';

export type CurrentUser = LiveSession;

/**
 * The signed-in user for this request, or null. Cached per request. The cookie is read through
 * `cookies()`, which also sees a cookie set earlier in the same request (a server action that
 * rotated the session re-renders its page with the new one).
 */
export const getCurrentSession = cache(async (): Promise<CurrentUser | null> => {
  const { name } = sessionCookie();
  const token = (await cookies()).get(name)?.value;
  if (!token) return null;
  const sid = await sessionIdFromCookie(token, name);
  return sid ? loadLiveSession(await getDb(), sid) : null;
});

/**
 * The session for what every page shares (language, theme): with the database out of reach, the
 * page is rendered as for a visitor instead of failing; a page that needs the user finds out
 * through `requireUser`.
 */
export async function getSessionIfReachable(): Promise<CurrentUser | null> {
  try {
    return await getCurrentSession();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  }
}

export const MFA_SETUP_PATH = '/settings/security';

export type RequireUserOptions = {
  /** Called by a server action (or route handler), not while rendering a page. */
  action?: boolean;
  /** An action of the security page, allowed before two-factor setup when the org requires it. */
  beforeMfaSetup?: boolean;
};

/**
 * Signed in and past the two-factor step, or redirected to sign in. In an organization that
 * requires two-factor authentication, a user without it can reach only the page that sets it up
 * and that page's own actions. An action is never let through by the path it was posted to: any
 * action id can be posted to any page. A page rendered while the database is out of reach goes to
 * the 503 page instead of failing with a 500.
 */
export async function requireUser(options: RequireUserOptions = {}): Promise<CurrentUser> {
  // An action's wrapper answers "try again" in the form itself; a page goes to the 503 page.
  const current = options.action ? await getCurrentSession() : await orUnavailable(getCurrentSession);
  const path = (await headers()).get('x-roster-path') ?? '';
  if (!current) redirect(path ? signInPath(path) : '/sign-in');
  if (current.session.mfaPending) redirect('/sign-in/mfa');
  if (mfaSetupEnforced(current.org, inSession(current))) {
    const allowed = options.action ? options.beforeMfaSetup === true : path === MFA_SETUP_PATH;
    if (!allowed) redirect(`${MFA_SETUP_PATH}?required=2fa`);
  }
  return current;
}

/** The signed-in user's permissions in their own organization (cached per request). */
export const getCurrentPermissions = cache(async (): Promise<Set<Permission>> => {
  const current = await getCurrentSession();
  if (!current || current.session.mfaPending) return new Set();
  return permissionsOf(current);
});

/**
 * The permissions of a session already loaded: an action (where React's per-request cache does
 * not apply) asks with the session it has rather than loading it again.
 */
export const permissionsOf = cache(async (current: CurrentUser): Promise<Set<Permission>> =>
  loadPermissionSet(await getDb(), current.user),
);

/** The one question every page, action and API handler asks: may the caller do P? */
export async function currentUserCan(permission: Permission): Promise<boolean> {
  return (await getCurrentPermissions()).has(permission);
}

/**
 * Who may use a page or action of the organization settings: one permission, or a rule over the
 * user and their permissions when the answer depends on more (the invite policy: `mayInvite`).
 */
export type AccessRule = Permission | ((current: CurrentUser, permissions: Set<Permission>) => unknown);

/** Org settings are invisible (404) to anyone the rule does not let in. */
export async function requireAccess(rule: AccessRule, options: RequireUserOptions = {}): Promise<CurrentUser> {
  const current = await requireUser(options);
  const permissions = await permissionsOf(current);
  if (!(typeof rule === 'function' ? rule(current, permissions) : permissions.has(rule))) notFound();
  return current;
}

/** Org settings are invisible (404) to anyone without the permission. */
export async function requirePermission(
  permission: Permission,
  options: RequireUserOptions = {},
): Promise<CurrentUser> {
  return requireAccess(permission, options);
}

/**
 * Any org-settings page: at least one organization permission, or — when the organization lets
 * everyone invite — any member (who then sees only the invitation form).
 */
export async function requireOrgAccess(): Promise<CurrentUser> {
  const current = await requireUser();
  if (!mayOpenOrgSettings(current, await getCurrentPermissions())) notFound();
  return current;
}
