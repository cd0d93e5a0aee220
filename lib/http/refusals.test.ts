import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import { BAD_REQUEST_MESSAGE } from './refusals';

describe('answers of refused requests', () => {
  it('say what a form says of a body it cannot read', () => {
    expect(BAD_REQUEST_MESSAGE).toBe(en.errors.badRequest);
  });
});
