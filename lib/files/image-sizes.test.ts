import { describe, expect, it } from 'vitest';

import { isSmallPhoto, RECOMMENDED_PHOTO_SIDE } from './image-sizes';

describe('isSmallPhoto', () => {
  it('is true when the shorter side is under the recommended 200 pixels', () => {
    expect(RECOMMENDED_PHOTO_SIDE).toBe(200);
    expect(isSmallPhoto(150, 120)).toBe(true);
    expect(isSmallPhoto(4000, 199)).toBe(true);
    expect(isSmallPhoto(199, 4000)).toBe(true);
  });

  it('is false at 200 × 200 and above', () => {
    expect(isSmallPhoto(200, 200)).toBe(false);
    expect(isSmallPhoto(800, 600)).toBe(false);
  });
});
