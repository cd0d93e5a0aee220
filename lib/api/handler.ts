import 'server-only';

import { getDb, type Db } from '@/db';
import { isDatabaseUnavailable } from '@/db/unavailable';

import { clientIpFrom } from '../http/request-meta';
import { RETRY_AFTER_SECONDS } from '../http/unavailable';
import { log } from '../log';
import { hashToken } from '../security/tokens';
import { bearerToken, countAndAuthenticate, type TokenCaller } from '../tokens/authenticate';
import type { TokenScope } from '../tokens/scopes';
import { ApiError, errorResponse, unauthorized, type ApiIssue } from './errors';
import { rateLimits } from './rate-limit';
import type { z } from './zod';

/** The largest JSON body the API reads; anything longer is refused before it is parsed. */
export const API_BODY_LIMIT_BYTES = 64 * 1024;

// A well-formed token no one holds: a malformed one is looked up as this, so that refusing it
// takes about as long as refusing an unknown one.
const DECOY_TOKEN = `rst_${'A'.repeat(43)}`;

export type ApiContext<P, B> = {
  request: Request;
  caller: TokenCaller;
  db: Db;
  params: P;
  body: B;
  meta: { ip: string | null; userAgent: string | null };
  now: Date;
};

type Segment<P> = { params: Promise<P> };

export type ApiRouteOptions<B> = {
  /** The scope the token needs; with several, any one of them. */
  scope: TokenScope | readonly TokenScope[];
  /** The JSON body's schema: an object schema, whose fields are the only ones accepted. */
  body?: z.ZodMiniObject & z.ZodMiniType<B>;
};

/**
 * The one gate of an `/api/v1` route: counts the request against the client address's limit,
 * authenticates the bearer token (same 401 for every kind of bad token), counts it against the
 * token's limit, checks the scope (only scopes the owner's current permissions still allow count),
 * reads and validates the JSON body, and answers every failure — thrown `ApiError`s, the database
 * out of reach, anything unexpected — as JSON `{ "error": { code, message } }`.
 */
export function apiRoute<P = Record<string, never>, B = undefined>(
  options: ApiRouteOptions<B>,
  handler: (context: ApiContext<P, B>) => Promise<Response>,
) {
  const scopes: readonly TokenScope[] = typeof options.scope === 'string' ? [options.scope] : options.scope;
  return async (request: Request, segment?: Segment<P>): Promise<Response> => {
    try {
      const now = new Date();
      const db = await getDb();
      const meta = {
        ip: clientIpFrom(request.headers),
        userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null,
      };
      // The address and the token are counted, and the token looked up, in one statement: a
      // token's counter is keyed by its digest, so unknown tokens are counted too (under the
      // address's limit as well). A malformed token is looked up as the decoy.
      const limits = rateLimits();
      const secret = bearerToken(request.headers.get('authorization'));
      const counters = [{ key: `ip:${meta.ip ?? 'unknown'}`, limit: limits.perAddress }];
      if (secret) counters.push({ key: `token:${hashToken(secret)}`, limit: limits.perToken });
      const { verdict, caller } = await countAndAuthenticate(
        db,
        secret ?? DECOY_TOKEN,
        meta.ip,
        { counters, windowSeconds: limits.windowSeconds },
        now,
      );
      if (!verdict.allowed) {
        throw new ApiError('rate_limited', 'Too many requests; try again later.', {
          retryAfterSeconds: verdict.retryAfterSeconds,
        });
      }
      if (!secret || !caller) throw unauthorized();
      if (!scopes.some((scope) => caller.scopes.has(scope))) {
        throw new ApiError('forbidden', `This token needs the scope ${scopes.join(' or ')}.`);
      }

      const body = (options.body ? parseBody(options.body, await readJson(request)) : undefined) as B;
      const params = ((await segment?.params) ?? {}) as P;
      return await handler({ request, caller, db, params, body, meta, now });
    } catch (error) {
      return answerError(error);
    }
  };
}

/** A route without a token (the OpenAPI document): the same error answers. */
export function publicApiRoute(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      return answerError(error);
    }
  };
}

function answerError(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (isDatabaseUnavailable(error)) {
    return errorResponse(
      new ApiError('unavailable', 'Try again in a moment.', { retryAfterSeconds: RETRY_AFTER_SECONDS }),
    );
  }
  log.error({ err: error }, 'api request failed');
  return errorResponse(new ApiError('internal', 'Something went wrong.'));
}

/** The body as JSON, read up to the limit: longer → 413, not JSON → 400. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'Send the body as application/json.');
  }
  const declared = Number(request.headers.get('content-length'));
  if (declared > API_BODY_LIMIT_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > API_BODY_LIMIT_BYTES) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_json', 'The body is not valid JSON.');
  }
}

const tooLarge = () => new ApiError('payload_too_large', `The body is larger than ${API_BODY_LIMIT_BYTES / 1024} KB.`);

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Required.' : `Expected ${issue.expected}.`;
    case 'too_big':
      return `At most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}.`;
    case 'too_small':
      return `At least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}.`;
    case 'invalid_value':
      return `One of: ${issue.values.map(String).join(', ')}.`;
    case 'invalid_format':
      return `Not a valid ${issue.format}.`;
    default:
      return 'Not valid.';
  }
}

/** The body against its schema: not an object, a field of the wrong type, or one the schema does not name → 422. */
export function parseBody<B>(schema: z.ZodMiniObject & z.ZodMiniType<B>, input: unknown): B {
  const issues: ApiIssue[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ApiError('validation_failed', 'The body must be a JSON object.', {
      issues: [{ path: '', code: 'invalid_type', message: 'Expected object.' }],
    });
  }
  const known = new Set(Object.keys(schema.def.shape));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) issues.push({ path: key, code: 'unrecognized_key', message: 'Not a field of this request.' });
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      issues.push({ path: issue.path.map(String).join('.'), code: issue.code, message: issueMessage(issue) });
    }
  }
  if (issues.length > 0 || !result.success) {
    throw new ApiError('validation_failed', 'The body does not match the request schema.', { issues });
  }
  return result.data;
}
