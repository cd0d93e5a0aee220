import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GET as me } from '@/app/api/v1/me/route';
import { POST as verifyPin } from '@/app/api/v1/pin/verify/route';
import { openPostgres, setDbHandle, type DbHandle } from '@/db';
import { apiTokens } from '@/db/schema';
import { newApiToken } from '@/lib/tokens/secret';

import { openTestDatabase } from '../support/database';
import { createOrgWithUser } from '../support/fixtures';

let database: { handle: DbHandle; close: () => Promise<void> };
let secret: string;
let userId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const { org, user } = await createOrgWithUser({ orgName: 'Down Co', email: 'owner@api-down.test' });
  userId = user.id;
  const token = newApiToken();
  secret = token.secret;
  await database.handle.db.insert(apiTokens).values({
    orgId: org.id,
    userId: user.id,
    name: 'Down',
    prefix: token.prefix,
    tokenHash: token.hash,
    scopes: ['profile:read', 'pin:verify'],
    expiresAt: new Date(Date.now() + 86_400_000),
  });
});

afterAll(async () => {
  await database.close();
});

describe('/api/v1 while the database is out of reach', () => {
  it('answers 503 JSON with Retry-After, never a 500', async () => {
    const down = await openPostgres('postgres://postgres@127.0.0.1:1/roster', 2);
    setDbHandle(down);
    try {
      const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
      for (const response of [
        await me(new Request('http://localhost/api/v1/me', { headers })),
        await verifyPin(
          new Request('http://localhost/api/v1/pin/verify', {
            method: 'POST',
            headers,
            body: JSON.stringify({ userId, pin: '135792' }),
          }),
        ),
      ]) {
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(await response.json()).toEqual({ error: { code: 'unavailable', message: 'Try again in a moment.' } });
      }
    } finally {
      setDbHandle(database.handle);
      await down.close().catch(() => {});
    }
    expect(
      (await me(new Request('http://localhost/api/v1/me', { headers: { authorization: `Bearer ${secret}` } }))).status,
    ).toBe(200);
  });
});
