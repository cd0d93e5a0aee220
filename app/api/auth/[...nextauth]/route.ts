import type { NextRequest } from 'next/server';

import { handlers } from '@/lib/auth/auth';
import { OIDC_CALLBACK_PATH } from '@/lib/auth/oidc';
import { config } from '@/lib/config';

/**
 * Only the OpenID provider's answer comes here (and only when one is configured): every other
 * next-auth route (its sign-in pages, the credentials callback, its CSRF and session endpoints)
 * is not ours to serve, since our own actions sign people in and out.
 */
function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
  });
}

const served = (request: NextRequest) => Boolean(config.oidc) && request.nextUrl.pathname === OIDC_CALLBACK_PATH;

export async function GET(request: NextRequest): Promise<Response> {
  return served(request) ? handlers.GET(request) : notFound();
}

export async function POST(request: NextRequest): Promise<Response> {
  return served(request) ? handlers.POST(request) : notFound();
}
