import { getDb } from '@/db';
import { pingDatabase } from '@/db/unavailable';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    await pingDatabase(await getDb());
    return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  } catch {
    return Response.json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  }
}
