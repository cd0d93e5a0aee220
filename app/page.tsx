import { redirect } from 'next/navigation';
import { connection } from 'next/server';

import { getDb } from '@/db';
import { getCurrentSession } from '@/lib/auth/current';
import { orUnavailable } from '@/lib/http/unavailable';
import { isSetupDone } from '@/lib/setup/setup';

export default async function Home() {
  await connection();
  if (!(await orUnavailable(async () => isSetupDone(await getDb())))) redirect('/setup');
  redirect((await orUnavailable(getCurrentSession)) ? '/settings/profile' : '/sign-in');
}
