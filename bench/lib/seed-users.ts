/**
 * Fresh benchmark databases and a large organization to fill them with. Everything is made in
 * a few INSERT … SELECT generate_series statements, so 100k users take seconds, not minutes.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';

import { migrate, openPglite, openPostgres, rows, type DbHandle } from '@/db';

export type BenchDatabase = { label: string; handle: DbHandle; dispose: () => Promise<void> };

/**
 * A new embedded database: in memory by default, or in `dataDir` on disk as the app keeps it (an
 * in-memory database holds all its data in the process's WebAssembly heap, so its memory figures
 * are not the app's).
 */
export async function freshPglite(dataDir = 'memory://'): Promise<BenchDatabase> {
  const handle = await openPglite(dataDir);
  await migrate(handle);
  return {
    label: dataDir.startsWith('memory://') ? 'PGlite' : 'PGlite (data on disk)',
    handle,
    dispose: () => handle.close(),
  };
}

/** A new database `roster_bench_<random>` on the server of `adminUrl`, dropped by dispose(). */
export async function freshPostgres(adminUrl: string): Promise<BenchDatabase> {
  const name = `roster_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), 5);
  const version = (await handle.executeSql('show server_version')) as { rows: { server_version: string }[] };
  await migrate(handle);
  return {
    label: `PostgreSQL ${version.rows[0]?.server_version ?? ''}`.trim(),
    handle,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Anna',
  'Lukas',
  'Sophie',
  'Maximilian',
  'Marie',
  'Elias',
  'Emilia',
  'Paul',
  'Mia',
  'Felix',
  'Olga',
  'Dmitri',
  'Irina',
  'Sergei',
  'Natalia',
  'Ivan',
  'Svetlana',
  'Alexei',
  'Yulia',
  'Nikolai',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Ivanov',
  'Smirnov',
  'Kuznetsov',
  'Popov',
  'Vasiliev',
  'Petrov',
  'Sokolov',
  'Mikhailov',
  'Novikov',
  'Fedorov',
];
const DOMAINS = ['example.com', 'acme.test', 'globex.test', 'initech.test'];

const list = (values: string[]) => sql.raw(`array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`);

export type SeededOrg = { orgId: string; groupIds: string[]; users: number; seconds: number };

/** `count` people added to the one organization that /setup made. */
export async function seedSetUpOrganization(handle: DbHandle, count: number): Promise<SeededOrg> {
  const [org] = await rows<{ id: string }>(handle.db, sql`select id from organizations limit 1`);
  return seedOrganization(handle, { name: '', orgId: org.id, count });
}

/**
 * One organization with `count` users: every 20th deactivated, every 33rd invited, every 50th an
 * admin, one owner; half have a username; every 10,000th is called "Zyskowski" (the rare search).
 * Twenty groups of about 5,000 members each, a third of the users in a second group.
 */
export async function seedOrganization(
  handle: DbHandle,
  input: { name: string; count: number; emailPrefix?: string; orgId?: string },
): Promise<SeededOrg> {
  const started = performance.now();
  const db = handle.db;
  const prefix = input.emailPrefix ?? '';
  // An existing organization (one made by /setup, say) or a new one.
  const orgId =
    input.orgId ??
    (await rows<{ id: string }>(db, sql`insert into organizations (name) values (${input.name}) returning id`))[0].id;
  await db.execute(sql`
    insert into users (org_id, email, first_name, last_name, username, role, status, deactivated_at, created_at, updated_at)
    select ${orgId}::uuid,
           ${prefix} || lower(f) || '.' || lower(l) || '.' || g || '@' || (${list(DOMAINS)})[1 + g % ${DOMAINS.length}],
           f, l,
           case when g % 2 = 0 then lower(f) || '_' || g end,
           case when g = 1 and ${input.orgId === undefined} then 'owner' when g % 50 = 0 then 'admin' else 'member' end,
           case when g % 20 = 0 then 'deactivated' when g % 33 = 0 then 'invited' else 'active' end,
           case when g % 20 = 0 then now() end,
           now() - g * interval '1 minute',
           now()
    from generate_series(1, ${input.count}::int) as g,
         lateral (select (${list(FIRST)})[1 + (hashtext('f' || g) & 2147483647) % ${FIRST.length}] as f,
                         case when g % 10000 = 0 then 'Zyskowski' else (${list(LAST)})[1 + (hashtext('l' || g) & 2147483647) % ${LAST.length}] end as l) as names`);
  await db.execute(sql`
    insert into groups (org_id, name, type)
    select ${orgId}::uuid, 'Team ' || lpad(n::text, 2, '0'), 'team' from generate_series(1, 20) as n`);
  await db.execute(sql`
    with numbered as (
      select id, row_number() over (order by created_at desc) as n from users where org_id = ${orgId}::uuid
    ), team as (
      select array_agg(id order by name) as ids from groups where org_id = ${orgId}::uuid
    )
    insert into group_members (org_id, group_id, user_id)
    select ${orgId}::uuid, team.ids[1 + (n % 20)::int], numbered.id from numbered, team
    union all
    select ${orgId}::uuid, team.ids[1 + ((n / 3) % 20)::int], numbered.id from numbered, team
      where n % 3 = 0 and (n / 3) % 20 <> n % 20`);
  // What autovacuum does soon after a bulk load: statistics, and the visibility map that lets
  // the count be answered from the (org_id, status) index alone.
  for (const table of ['users', 'group_members', 'groups']) await db.execute(sql.raw(`vacuum analyze ${table}`));
  const groupIds = (
    await rows<{ id: string }>(db, sql`select id from groups where org_id = ${orgId}::uuid order by name`)
  ).map((r) => r.id);
  return { orgId, groupIds, users: input.count, seconds: (performance.now() - started) / 1000 };
}
