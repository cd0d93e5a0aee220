import { describe, expect, it } from 'vitest';

import { GET as drainMail } from '@/app/api/cron/mail/route';
import { GET } from '@/app/api/health/route';

import { useTestDatabase } from '../support/database';

useTestDatabase();

describe('GET /api/health', () => {
  it('answers ok while the database answers', async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /api/cron/mail', () => {
  it('refuses without the cron secret and drains with it', async () => {
    process.env.CRON_SECRET = 'cron-secret-value';
    const refused = await drainMail(
      new Request('http://localhost/api/cron/mail', { headers: { authorization: 'Bearer nope' } }),
    );
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthorized');
    const ok = await drainMail(
      new Request('http://localhost/api/cron/mail', { headers: { authorization: 'Bearer cron-secret-value' } }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sent: 0, failed: 0 });
  });
});
