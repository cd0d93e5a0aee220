import { databaseAnswers } from '@/lib/http/route-handler';

export const dynamic = 'force-dynamic';

export async function GET() {
  const headers = { 'cache-control': 'no-store' };
  if (await databaseAnswers()) return Response.json({ status: 'ok' }, { headers });
  return Response.json({ status: 'unavailable' }, { status: 503, headers });
}
