import 'server-only';

import { getDb, type Db } from '@/db';
import { isDatabaseUnavailable, pingDatabase } from '@/db/unavailable';

import { currentUserCan, getCurrentSession, type CurrentUser } from '../auth/current';
import type { Permission } from '../auth/permissions';
import { inSession, mfaSetupEnforced } from '../security/mfa-requirement';
import { getRequestMeta, type RequestMeta } from './request-meta';
import { signInPath } from './sign-in-redirect';
import { RETRY_AFTER_SECONDS } from './unavailable';

/**
 * The one gate of a GET route handler (CSV exports, typeahead suggestions, files), the
 * counterpart of `orgAction` for forms: signed in, past the two-factor step, the organization's
 * two-factor rule met (unless `beforeMfaSetup`), and holding `permission` in the caller's own
 * organization when one is named. The user comes from the session, never from the request.
 *
 * A route handler answers with a status rather than a page: whoever fails a check gets the same
 * 404 as for something that does not exist (plain text, or JSON for a script's endpoint), so a
 * URL tells nobody what is behind it. `signedOut` may instead answer a signed-out visitor with
 * 401 or the sign-in redirect.
 */
export type RouteHandlerOptions = {
  permission?: Permission;
  /** How a refusal is written: `text` (default) for downloads, `json` for endpoints scripts read. */
  format?: 'text' | 'json';
  /** A signed-out visitor: the same 404 (default), 401, or the sign-in page with the way back. */
  signedOut?: 'notFound' | 'unauthorized' | 'signIn';
  /** Reachable while the organization requires two-factor and the user has not set it up yet. */
  beforeMfaSetup?: boolean;
};

export type RouteContext<P> = { current: CurrentUser; params: P; meta: RequestMeta; db: Db };

type RouteSegment<P> = { params: Promise<P> };

const REFUSALS = {
  404: { code: 'not_found', message: 'Not found' },
  401: { code: 'unauthorized', message: 'Sign in first' },
} as const;

/** The refusal as the handler would write it: never cached, since the same URL answers once signed in. */
export function refusal(status: 401 | 404, format: 'text' | 'json' = 'text'): Response {
  const headers = { 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' };
  if (format === 'json') return Response.json({ error: REFUSALS[status] }, { status, headers });
  return new Response(REFUSALS[status].message, {
    status,
    headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
  });
}

/** With the database out of reach a route can say so itself: 503, try again shortly. Anything else is thrown. */
async function orServiceUnavailable(format: 'text' | 'json', run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const headers = { 'cache-control': 'no-store', 'retry-after': String(RETRY_AFTER_SECONDS) };
    if (format === 'json') {
      return Response.json(
        { error: { code: 'unavailable', message: 'Try again in a moment' } },
        { status: 503, headers },
      );
    }
    return new Response('Try again in a moment', {
      status: 503,
      headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}

export function routeHandler<P = Record<string, never>>(
  options: RouteHandlerOptions,
  handler: (request: Request, context: RouteContext<P>) => Promise<Response>,
) {
  const format = options.format ?? 'text';
  return (request: Request, segment?: RouteSegment<P>): Promise<Response> =>
    orServiceUnavailable(format, () => gate(request, segment));

  async function gate(request: Request, segment?: RouteSegment<P>): Promise<Response> {
    const current = await getCurrentSession();
    if (!current || current.session.mfaPending) {
      if (current || options.signedOut === undefined || options.signedOut === 'notFound') return refusal(404, format);
      if (options.signedOut === 'unauthorized') return refusal(401, format);
      const url = new URL(request.url);
      return new Response(null, {
        status: 307,
        headers: { location: signInPath(url.pathname, url.search), 'cache-control': 'no-store' },
      });
    }
    // An organization that requires two-factor lets its users reach only what sets it up.
    if (!options.beforeMfaSetup && mfaSetupEnforced(current.org, inSession(current))) return refusal(404, format);
    if (options.permission && !(await currentUserCan(options.permission))) return refusal(404, format);
    const params = ((await segment?.params) ?? {}) as P;
    return handler(request, { current, params, meta: await getRequestMeta(), db: await getDb() });
  }
}

/** Only the handle: such a route reads the request's metadata itself, where it writes an audit row. */
export type PublicRouteContext = { db: Db };

/**
 * A route no session opens: "Sign out" (signed in or not), or a job that brings its own
 * credential and checks it before calling this (the mail cron's bearer token). It gets the
 * database handle, and answers 503 like `routeHandler` while the database is out of reach.
 */
export function publicRoute(
  options: Pick<RouteHandlerOptions, 'format'>,
  handler: (context: PublicRouteContext) => Promise<Response>,
) {
  const format = options.format ?? 'text';
  return (): Promise<Response> => orServiceUnavailable(format, async () => handler({ db: await getDb() }));
}

/** The health check's one question: does the database answer a trivial query? Any failure is a no. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await pingDatabase(await getDb());
    return true;
  } catch {
    return false;
  }
}
