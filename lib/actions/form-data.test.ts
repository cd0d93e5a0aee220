import { describe, expect, it } from 'vitest';

import { formDataToObject } from './form-data';

describe('formDataToObject', () => {
  it('keeps repeated keys, honours name[] and drops action bookkeeping and empty files', () => {
    const fd = new FormData();
    fd.append('name', 'Ada');
    fd.append('tag', 'a');
    fd.append('tag', 'b');
    fd.append('one[]', 'x');
    fd.append('$ACTION_ID_123', '');
    fd.append('photo', new File([], ''));
    expect(formDataToObject(fd)).toEqual({ name: 'Ada', tag: ['a', 'b'], one: ['x'] });
  });
});
