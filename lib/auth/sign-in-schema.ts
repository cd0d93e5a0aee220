import { z } from '@/lib/actions/zod';

export const signInSchema = z.object({
  email: z.string().check(z.trim(), z.minLength(1, 'errors.emailRequired'), z.maxLength(254, 'errors.tooLong')),
  password: z.string().check(z.minLength(1, 'errors.passwordRequired'), z.maxLength(1024, 'errors.passwordTooLong')),
  callbackUrl: z.optional(z.string().check(z.maxLength(2000))),
});

export type SignInValues = z.input<typeof signInSchema>;

const HOME = '/settings/profile';

// Control characters, any Unicode whitespace or invisible format character, lone surrogates and
// backslashes: browsers drop or reinterpret them (`/\t/host` becomes `//host`), and CR or LF would
// break the Location header. No path of this app needs them.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Z}\s\\]/u;

function appOrigin(): string {
  try {
    return new URL(process.env.APP_URL || 'http://localhost:3000').origin;
  } catch {
    return 'http://localhost:3000';
  }
}

/**
 * Where to go after signing in: a path on this app's origin, as the WHATWG URL parser (the one
 * browsers use) normalises it; anything else goes to the settings home.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return HOME;
  if (!value.startsWith('/') || value.startsWith('//') || UNSAFE.test(value)) return HOME;
  const origin = appOrigin();
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return HOME;
  }
  if (url.origin !== origin) return HOME;
  // Dot segments can fold `/.//host` into `//host`; encoded forms must not decode into anything refused above.
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return HOME;
  }
  if (url.pathname.startsWith('//') || decoded.startsWith('//') || UNSAFE.test(decoded)) return HOME;
  const lower = decoded.toLowerCase();
  if (lower.startsWith('/sign-in') || lower.startsWith('/setup')) return HOME;
  return `${url.pathname}${url.search}${url.hash}`;
}
