import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID Connect provider on loopback (the `oidc-provider` package), for "Link account" and
 * "Sign in with …". Its sign-in page is a one-field form: whatever is typed as "Username" is the
 * account's `sub`, and its address is `<username>@idp.test` (or the username when it is one).
 * Consent is given once and for all, as a company's own provider does for its own apps.
 */
export const OIDC_CLIENT_ID = 'roster-e2e';
export const OIDC_CLIENT_SECRET = 'roster-e2e-secret-that-is-long-enough';
export const OIDC_NAME = 'Acme ID';

export type OidcProvider = { issuer: string; close: () => Promise<void> };

const emailOf = (sub: string) => (sub.includes('@') ? sub : `${sub}@idp.test`);

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function loginPage(uid: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme ID</title></head><body><main>
<h1>Acme ID</h1>
<form method="post" action="/interaction/${escape(uid)}">
<label for="login">Username</label> <input id="login" name="login" required autocomplete="off">
<button type="submit">Sign in at Acme ID</button>
</form></main></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/** Listens first (so the issuer's address is known), and serves once `attach` names the app's callbacks. */
export async function listenOidcProvider(): Promise<{
  issuer: string;
  attach: (redirectUris: string[]) => OidcProvider;
}> {
  let handler: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const attach = (redirectUris: string[]): OidcProvider => {
    const configuration: Configuration = {
      clients: [
        {
          client_id: OIDC_CLIENT_ID,
          client_secret: OIDC_CLIENT_SECRET,
          redirect_uris: redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      // The ID token carries the address (next-auth reads the profile from it, not from userinfo).
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      cookies: { keys: ['roster-e2e-oidc-cookie-key'] },
      findAccount: (_ctx, sub) => ({
        accountId: sub,
        claims: () => ({ sub, email: emailOf(sub), email_verified: true }),
      }),
      loadExistingGrant: async (ctx) => {
        const accountId = ctx.oidc.session?.accountId;
        const clientId = ctx.oidc.client?.clientId;
        if (!accountId || !clientId) return undefined;
        const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
        grant.addOIDCScope('openid email');
        await grant.save();
        return grant;
      },
    };
    const provider = new Provider(issuer, configuration);
    const callback = provider.callback();
    handler = (req, res) => {
      const match = /^\/interaction\/([\w-]+)$/.exec(req.url?.split('?')[0] ?? '');
      if (!match) return callback(req, res);
      void (async () => {
        try {
          await provider.interactionDetails(req, res);
          if (req.method === 'POST') {
            const login = (await readForm(req)).get('login')?.trim();
            if (login) {
              await provider.interactionFinished(
                req,
                res,
                { login: { accountId: login } },
                { mergeWithLastSubmission: false },
              );
              return;
            }
          }
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.end(loginPage(match[1]));
        } catch (error) {
          res.statusCode = 400;
          res.end(String(error));
        }
      })();
    };
    return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
  };
  return { issuer, attach };
}
