import 'server-only';
// The API's schemas run only on the server, so the bundler concern behind lib/actions/zod.ts's
// short list does not apply; they need a few more of zod mini's functions (nullable, literal,
// JSON Schema output). Importing lib/actions/zod.ts first applies its global configuration here too.
import '@/lib/actions/zod';

// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- server-only, see above
export * as z from 'zod/mini';
