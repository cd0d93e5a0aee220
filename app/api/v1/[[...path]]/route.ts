import { ApiError, errorResponse } from '@/lib/api/errors';

export const dynamic = 'force-dynamic';

/** Any other path under /api/v1: the API's JSON 404, never the app's HTML page. */
const notFound = async () => errorResponse(new ApiError('not_found', 'No such endpoint.'));

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
