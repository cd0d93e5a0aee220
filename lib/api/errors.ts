import 'server-only';

/** The codes an API error carries, with the status each one is answered with. */
export const API_ERRORS = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  pin_locked: 423,
  rate_limited: 429,
  method_not_allowed: 405,
  internal: 500,
  unavailable: 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

export type ApiIssue = { path: string; code: string; message: string };

/** Thrown anywhere below a route handler; `apiRoute` answers it as `{ "error": { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { issues?: ApiIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...BASE_HEADERS, ...headers } });
}

export function errorResponse(error: ApiError): Response {
  const headers: Record<string, string> = {};
  if (error.extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.extra.retryAfterSeconds);
  if (error.code === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="roster"';
  const body = {
    code: error.code,
    message: error.message,
    ...(error.extra.issues ? { issues: error.extra.issues } : {}),
  };
  return apiJson({ error: body }, API_ERRORS[error.code], headers);
}

/** Every refusal of a missing, malformed, unknown, revoked or expired token, and of a deactivated owner. */
export const unauthorized = () => new ApiError('unauthorized', 'A valid API token is required.');
export const notFound = () => new ApiError('not_found', 'Not found.');

type MethodHandler = () => Promise<Response>;

/**
 * Handlers for the methods a route does not serve: 405 in the API's JSON shape, with `Allow`
 * (Next.js would answer with an empty body). `export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');`
 */
export function otherMethods(
  allow: 'GET' | 'POST',
): Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', MethodHandler> {
  const refuse: MethodHandler = async () =>
    apiJson({ error: { code: 'method_not_allowed', message: `This endpoint answers ${allow} only.` } }, 405, {
      allow,
    });
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}
