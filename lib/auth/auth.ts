import 'server-only';

import { eq } from 'drizzle-orm';
import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';

import { getDb } from '@/db';
import { sessions } from '@/db/schema';

import { getAuthSecret } from '../config';
import { log } from '../log';
import { sessionCookie } from './cookies';
import { completeExternalSignIn, OIDC_PROVIDER_ID, oidcProvider } from './oidc';

const ABSOLUTE_MAX_SECONDS = 12 * 3600;
/** A session row must be claimed by its cookie within this time of being created. */
const CLAIM_WINDOW_MS = 60_000;

declare module 'next-auth' {
  interface Session {
    sid: string;
    userId: string;
  }
  interface User {
    sid?: string;
  }
}

/**
 * next-auth issues the cookie (an encrypted JWT holding only the session id); the session row in
 * the database is the truth. Sign-in and sign-out happen in our own server actions, which verify
 * the password and create the row before calling signIn(). Of next-auth's routes only the OpenID
 * provider's callback is mounted (app/api/auth/[...nextauth]/route.ts).
 */
export const { auth, signIn, signOut, handlers } = NextAuth(() => {
  const oidc = oidcProvider();
  const cookie = sessionCookie();
  return {
    secret: getAuthSecret(),
    trustHost: true,
    session: { strategy: 'jwt', maxAge: ABSOLUTE_MAX_SECONDS },
    useSecureCookies: cookie.secure,
    cookies: {
      sessionToken: {
        name: cookie.name,
        options: { httpOnly: true, sameSite: 'lax', path: '/', secure: cookie.secure },
      },
    },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    // A tampered or outdated cookie is a client problem, not a server error: log it, don't shout.
    logger: {
      error: (error) => log.warn({ err: error.name, message: error.message }, 'auth rejected a session cookie'),
      warn: (code) => log.warn({ code }, 'auth warning'),
      debug: () => {},
    },
    providers: [
      Credentials({
        credentials: { sessionId: {} },
        // Only reached from our sign-in action, with the id of a row it has just created.
        async authorize(credentials) {
          const sessionId = typeof credentials?.sessionId === 'string' ? credentials.sessionId : '';
          if (!sessionId) return null;
          const db = await getDb();
          const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId)).limit(1);
          if (!row || Date.now() - row.createdAt.getTime() > CLAIM_WINDOW_MS) return null;
          return { id: row.userId, sid: row.id };
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      // Credentials are checked by our own action before this; the OpenID provider's answer here.
      async signIn(params) {
        return params.account?.provider === OIDC_PROVIDER_ID ? completeExternalSignIn(params) : true;
      },
      // The row is checked once per request by getCurrentSession(), not here as well.
      async jwt({ token, user }) {
        if (user?.sid) return { sub: user.id, sid: user.sid };
        return typeof token.sid === 'string' ? token : null;
      },
      async session({ session, token }) {
        return { ...session, sid: token.sid as string, userId: token.sub as string };
      },
    },
  };
});
