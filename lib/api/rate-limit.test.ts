import { describe, expect, it } from 'vitest';

import { rateLimits } from './rate-limit';

describe('rateLimits', () => {
  it('has sane defaults', () => {
    expect(rateLimits({})).toEqual({ perToken: 600, perAddress: 1200, windowSeconds: 60 });
  });

  it('takes whole positive numbers from the environment and ignores anything else', () => {
    expect(
      rateLimits({
        API_RATE_LIMIT_PER_TOKEN: '5',
        API_RATE_LIMIT_PER_ADDRESS: '9',
        API_RATE_LIMIT_WINDOW_SECONDS: '1',
      }),
    ).toEqual({ perToken: 5, perAddress: 9, windowSeconds: 1 });
    expect(
      rateLimits({
        API_RATE_LIMIT_PER_TOKEN: '0',
        API_RATE_LIMIT_PER_ADDRESS: '-3',
        API_RATE_LIMIT_WINDOW_SECONDS: '1.5',
      }),
    ).toEqual({ perToken: 600, perAddress: 1200, windowSeconds: 60 });
    expect(rateLimits({ API_RATE_LIMIT_PER_TOKEN: 'lots' }).perToken).toBe(600);
  });
});
