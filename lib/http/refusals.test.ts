import { describe, expect, it } from 'vitest';

import en from '@/messages/en.json';

import { BAD_REQUEST_MESSAGE, wrongOriginPage, wrongOriginText } from './refusals';

describe('answers of refused requests', () => {
  it('say what a form says of a body it cannot read', () => {
    expect(BAD_REQUEST_MESSAGE).toBe(en.errors.badRequest);
  });
  it('a post from another address gets a page that names and links the right one', () => {
    const html = wrongOriginPage({
      appOrigin: 'http://127.0.0.1:3000',
      pathname: '/sign-in',
      origin: 'http://localhost:3000',
    });
    expect(html).toContain('<html lang="en">');
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain('<a href="http://127.0.0.1:3000/sign-in">');
    expect(html).toContain('sent from http://localhost:3000');
    expect(wrongOriginText('http://127.0.0.1:3000')).toContain('http://127.0.0.1:3000');
  });
  it('escapes what the request said and leaves out what is not an origin', () => {
    const html = wrongOriginPage({
      appOrigin: 'http://localhost:3000',
      pathname: '/a"><script>x</script>',
      origin: 'http://<b>',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    const long = wrongOriginPage({
      appOrigin: 'http://localhost:3000',
      pathname: `/${'a'.repeat(5000)}`,
      origin: null,
    });
    expect(long).toContain('<a href="http://localhost:3000/">');
    expect(long.length).toBeLessThan(2000);
  });
});
