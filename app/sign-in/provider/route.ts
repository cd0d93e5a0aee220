import { toProvider } from '@/lib/auth/oidc-redirect';
import { safeCallbackPath } from '@/lib/auth/sign-in-schema';

/**
 * "Sign in with …" (a plain form post; proxy.ts has checked its origin): to the OpenID provider,
 * whose answer comes back to the callback route (lib/auth/oidc.ts signs in the user the external
 * account is linked to, then the browser goes on to `callbackUrl`).
 */
export async function POST(request: Request): Promise<Response> {
  let next = safeCallbackPath(undefined);
  try {
    next = safeCallbackPath((await request.formData()).get('callbackUrl'));
  } catch {
    // no form body: go on to the default page
  }
  return toProvider(next, '/sign-in');
}
