import 'server-only';

import { userInfo } from 'node:os';
import PgBoss from 'pg-boss';

import { getDbHandle } from '@/db';
import { isDatabaseUnavailable } from '@/db/unavailable';

import { log } from '../log';
import { drainOutbox } from '../mail/outbox';

export const QUEUES = { mailDrain: 'mail-drain' } as const;

/** node-postgres takes a missing user name only from $USER; postgres.js also asks the OS. */
function withUserName(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = process.env.USER || process.env.LOGNAME || userInfo().username;
  return parsed.toString();
}

const state = globalThis as unknown as { __rosterBoss?: Promise<PgBoss> };

/**
 * The job engine (pg-boss) runs inside the web process on the app's own database — PostgreSQL
 * or the embedded PGlite — so a newcomer has no second process to start.
 */
export function startJobs(): Promise<PgBoss> {
  state.__rosterBoss ??= (async () => {
    const handle = await getDbHandle();
    // On PostgreSQL pg-boss keeps its own small pool (it runs BEGIN … COMMIT scripts, which a
    // shared postgres.js pool refuses); on PGlite it shares the single embedded connection.
    const common = { schema: 'pgboss', migrate: true, supervise: true, schedule: true } as const;
    const boss =
      handle.kind === 'postgres' && handle.url
        ? new PgBoss({ ...common, connectionString: withUserName(handle.url), max: 3 })
        : new PgBoss({ ...common, db: { executeSql: handle.executeSql as never } });
    // The database going away is a warning here (the engine reconnects by itself, and requests
    // log it too); anything else is an error.
    boss.on('error', (error) =>
      isDatabaseUnavailable(error)
        ? log.warn({ err: String(error) }, 'job engine: database unavailable, retrying')
        : log.error({ err: String(error) }, 'job engine error'),
    );
    await boss.start();
    await boss.createQueue(QUEUES.mailDrain);
    await boss.schedule(QUEUES.mailDrain, '* * * * *');
    await boss.work(QUEUES.mailDrain, { pollingIntervalSeconds: 2 }, async () => {
      const result = await drainOutbox(handle.db);
      if (result.sent || result.failed) log.info(result, 'mail outbox drained');
    });
    // Mail left from before a restart goes out now rather than at the next cron tick.
    await boss.send(QUEUES.mailDrain, {});
    return boss;
  })();
  return state.__rosterBoss;
}

/** Ask for a drain soon after a commit that queued mail; the cron tick is the fallback. */
export async function kickMailQueue(): Promise<void> {
  if (!state.__rosterBoss) return;
  try {
    const boss = await state.__rosterBoss;
    await boss.send(QUEUES.mailDrain, {}, { singletonKey: 'drain', singletonSeconds: 1 });
  } catch (error) {
    log.warn({ err: String(error) }, 'could not queue a mail drain');
  }
}
