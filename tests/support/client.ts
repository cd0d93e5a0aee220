import { idle, type ActionState } from '@/lib/actions/result';
import { requestStore } from '@/tests/shims/next-headers';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;
export type Outcome<T> = { result?: T; redirect?: string; notFound?: boolean };

export function toFormData(fields: Record<string, string | string[] | Blob>): FormData {
  const fd = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) value.forEach((v) => fd.append(key, v));
    else fd.append(key, value);
  }
  return fd;
}

/**
 * A browser as server code sees it: its own cookie jar, IP and user agent. Runs server actions
 * and page loaders the way a request would, turning Next's redirect and 404 signals into values.
 */
export class TestClient {
  jar = new Map<string, string>();
  /** The page path the request is for, as the proxy passes it on (`x-roster-path`). */
  path?: string;
  /** The browser's `Accept-Language`, when the test needs one. */
  acceptLanguage?: string;
  constructor(
    public ip = '203.0.113.10',
    public userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
    const headers = new Headers({
      host: 'localhost:3000',
      'x-forwarded-proto': 'http',
      'user-agent': this.userAgent,
      'x-roster-socket-ip': this.ip,
      'x-request-id': crypto.randomUUID(),
    });
    if (this.path) headers.set('x-roster-path', this.path);
    if (this.acceptLanguage) headers.set('accept-language', this.acceptLanguage);
    return requestStore.run({ headers, jar: this.jar }, async () => {
      try {
        return { result: await fn() };
      } catch (error) {
        const digest = (error as { digest?: unknown })?.digest;
        if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT')) return { redirect: digest.split(';')[2] };
        if (typeof digest === 'string' && digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;404')) return { notFound: true };
        throw error;
      }
    });
  }

  action(action: Action, fields: Record<string, string | string[] | Blob>): Promise<Outcome<ActionState>> {
    return this.run(() => action(idle, toFormData(fields)));
  }

  /** The message an action left for the next page (`setFlash`), decoded; undefined when none. */
  get flash(): { status: string; key: string; values?: Record<string, string | number> } | undefined {
    const raw = this.jar.get('roster.flash');
    return raw ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : undefined;
  }

  get sessionCookie(): string | undefined {
    return this.jar.get('__Host-roster.session');
  }
}
