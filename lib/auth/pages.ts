import 'server-only';

import type { ReactNode } from 'react';

import { requireOrgAccess, requirePermission, requireUser, type CurrentUser } from './current';
import type { Permission } from './permissions';

/** What a gated page or layout receives: Next's own props plus the signed-in user. */
export type Gated<P> = P & { current: CurrentUser };
type Render<P, R> = (props: Gated<P>) => Promise<R>;

/**
 * The page side of the one authorization gate (the actions' side is `userAction` / `orgAction` in
 * lib/actions/define.ts, GET routes use `routeHandler`): a page, layout or `generateMetadata` is
 * wrapped once, and receives the user from the session. No page calls `requireUser` itself.
 */
export function userPage<P extends object = object, R = ReactNode>(render: Render<P, R>) {
  return async (props?: P): Promise<R> => render({ ...(props as P), current: await requireUser() });
}

/** An organization-settings page that needs one permission; without it the page is a 404. */
export function permissionPage<P extends object = object, R = ReactNode>(permission: Permission, render: Render<P, R>) {
  return async (props?: P): Promise<R> => render({ ...(props as P), current: await requirePermission(permission) });
}

/**
 * The organization-settings area itself (its layout and index): any organization permission, or
 * any member when the invite policy lets everyone invite (`mayOpenOrgSettings`).
 */
export function orgAreaPage<P extends object = object, R = ReactNode>(render: Render<P, R>) {
  return async (props?: P): Promise<R> => render({ ...(props as P), current: await requireOrgAccess() });
}
