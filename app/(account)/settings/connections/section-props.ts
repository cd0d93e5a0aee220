import type { Db } from '@/db';
import type { CurrentUser } from '@/lib/auth/current';

/** What each part of the connections page receives from the page. */
export type ConnectionsSectionProps = {
  current: CurrentUser;
  db: Db;
  query: Record<string, string | string[] | undefined>;
};
