import { describe, expect, it } from 'vitest';

import { z } from '@/lib/actions/zod';

import { constraintsOf, htmlConstraints } from './constraints';
import { fields } from './schema-fields';

describe('HTML constraints from a zod field', () => {
  it('reads required and maxLength through trims, transforms and pipes', () => {
    expect(htmlConstraints(fields.requiredText(80))).toEqual({ required: true, maxLength: 80 });
    expect(htmlConstraints(fields.personName())).toEqual({ required: true, maxLength: 100 });
    expect(htmlConstraints(fields.email())).toEqual({ required: true, maxLength: 254 });
  });

  it('an optional or defaulted field is never required', () => {
    expect(htmlConstraints(fields.text(500))).toEqual({ maxLength: 500 });
    expect(htmlConstraints(z.optional(z.string().check(z.minLength(1), z.maxLength(20))))).toEqual({ maxLength: 20 });
    expect(htmlConstraints(z._default(z.optional(z.string().check(z.maxLength(20))), ''))).toEqual({ maxLength: 20 });
  });

  it('numbers give min and max', () => {
    expect(htmlConstraints(fields.integer(5, 1440))).toEqual({ min: 5, max: 1440 });
    expect(htmlConstraints(z.number().check(z.gt(0), z.lt(10)))).toEqual({ min: 0, max: 10 });
  });

  it('names a field of an object schema', () => {
    const schema = z.object({ name: fields.requiredText(100), note: fields.text(300) });
    expect(constraintsOf(schema, 'name')).toEqual({ required: true, maxLength: 100 });
    expect(constraintsOf(schema, 'note')).toEqual({ maxLength: 300 });
  });
});
