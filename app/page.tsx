import { redirect } from 'next/navigation';

import { getCurrentSession } from '@/lib/auth/current';
import { publicPage } from '@/lib/auth/pages';
import { orUnavailable } from '@/lib/http/unavailable';
import { isSetupDone } from '@/lib/setup/setup';

export default publicPage({ waitForRequest: true }, async function Home({ db }) {
  if (!(await orUnavailable(() => isSetupDone(db)))) redirect('/setup');
  redirect((await orUnavailable(getCurrentSession)) ? '/settings/profile' : '/sign-in');
});
