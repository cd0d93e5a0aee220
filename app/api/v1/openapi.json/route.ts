import { apiJson, otherMethods } from '@/lib/api/errors';
import { publicApiRoute } from '@/lib/api/handler';
import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');

/** The API's OpenAPI 3.1 document, generated from the schemas that validate its requests; no token needed. */
export const GET = publicApiRoute(async () =>
  apiJson(openApiDocument(), 200, { 'cache-control': 'public, max-age=300' }),
);
