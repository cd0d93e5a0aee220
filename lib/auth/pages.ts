import 'server-only';

import { connection } from 'next/server';
import type { ReactNode } from 'react';

import { getDb, type Db } from '@/db';

import { orUnavailable } from '../http/unavailable';
import { requireOrgAccess, requirePermission, requireUser, type CurrentUser } from './current';
import type { Permission } from './permissions';

/** What a public page receives: Next's own props plus the database handle. */
export type Public<P> = P & { db: Db };
/** What a gated page or layout receives: Next's own props plus the signed-in user and the database handle. */
export type Gated<P> = Public<P> & { current: CurrentUser };
type Render<P, R> = (props: Gated<P>) => Promise<R>;

/** The handle, or — with the database out of reach — the 503 page, as for any query a page runs. */
const database = () => orUnavailable(getDb);

const gated =
  <P, R>(gate: () => Promise<CurrentUser>, render: Render<P, R>) =>
  async (props?: P): Promise<R> => {
    const current = await gate();
    return render({ ...(props as P), current, db: await database() });
  };

/**
 * The page side of the one authorization gate (the actions' side is `userAction` / `orgAction` in
 * lib/actions/define.ts, GET routes use `routeHandler`): a page, layout or `generateMetadata` is
 * wrapped once, and receives the user from the session and the database handle. No page calls
 * `requireUser` itself, and none imports the database.
 */
export function userPage<P extends object = object, R = ReactNode>(render: Render<P, R>) {
  return gated(() => requireUser(), render);
}

/** An organization-settings page that needs one permission; without it the page is a 404. */
export function permissionPage<P extends object = object, R = ReactNode>(permission: Permission, render: Render<P, R>) {
  return gated(() => requirePermission(permission), render);
}

/**
 * The organization-settings area itself (its layout and index): any organization permission, or
 * any member when the invite policy lets everyone invite (`mayOpenOrgSettings`).
 */
export function orgAreaPage<P extends object = object, R = ReactNode>(render: Render<P, R>) {
  return gated(requireOrgAccess, render);
}

export type PublicPageOptions = {
  /**
   * A page at a fixed path (`/setup`, `/sign-in`), which the build would otherwise render and open
   * the database for, waits for a request first (`connection()`). One under a dynamic segment
   * (`[token]`) is rendered per request anyway.
   */
  waitForRequest?: boolean;
};

/**
 * A page anyone may open that reads the database (setup, sign-in, a link with a token): it gets
 * the handle and checks whatever it needs itself, its queries wrapped in `orUnavailable`. With
 * the database out of reach before that, it goes to the 503 page too.
 */
export function publicPage<P extends object = object, R = ReactNode>(
  options: PublicPageOptions,
  render: (props: Public<P>) => Promise<R>,
) {
  return async (props?: P): Promise<R> => {
    if (options.waitForRequest) await connection();
    return render({ ...(props as P), db: await database() });
  };
}
