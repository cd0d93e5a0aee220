import { describe, expect, it } from 'vitest';

import de from '@/messages/de/wrongAddress.json';
import en from '@/messages/en.json';
import ru from '@/messages/ru/wrongAddress.json';

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
    expect(html).toContain('<title>Open Roster at its own address · Roster</title>');
    expect(html).toContain('<a href="http://127.0.0.1:3000/sign-in">Open http://127.0.0.1:3000/sign-in</a>');
    expect(html).toContain('only from pages at <strong>http://127.0.0.1:3000</strong>');
    expect(html).toContain('sent from a page at http://localhost:3000');
    // Light and dark, like the other signed-out pages.
    expect(html).toContain('@media (prefers-color-scheme:dark)');
    expect(wrongOriginText('http://127.0.0.1:3000')).toBe(
      'Roster accepts forms only from its own address, http://127.0.0.1:3000. Open http://127.0.0.1:3000 and send the form again from there.',
    );
  });
  it('speaks the browser’s language', () => {
    const page = (acceptLanguage: string) =>
      wrongOriginPage({ appOrigin: 'http://localhost:3000', pathname: '/', origin: null, acceptLanguage });
    const german = page('de-DE,de;q=0.9,en;q=0.5');
    expect(german).toContain('<html lang="de">');
    expect(german).toContain(`<h1>${de.wrongAddress.title}</h1>`);
    expect(german).toContain('<a href="http://localhost:3000/">http://localhost:3000/ öffnen</a>');
    const russian = page('ru');
    expect(russian).toContain('<html lang="ru">');
    expect(russian).toContain(`<h1>${ru.wrongAddress.title}</h1>`);
    expect(page('fr')).toContain('<html lang="en">');
    expect(wrongOriginText('http://localhost:3000', 'ru')).toContain('Roster принимает формы');
  });
  it('names and links only the app’s own address, and escapes what the request said', () => {
    const html = wrongOriginPage({
      appOrigin: 'http://localhost:3000',
      pathname: '/a"><script>x</script>',
      origin: 'http://<b>',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<a href="http://localhost:3000/a&quot;&gt;&lt;script&gt;x&lt;/script&gt;">');
    // A path that looks like another host stays a path of the app's address.
    const sneaky = wrongOriginPage({ appOrigin: 'http://localhost:3000', pathname: '//evil.test/x', origin: null });
    expect(sneaky).toContain('<a href="http://localhost:3000//evil.test/x">');
    expect([...sneaky.matchAll(/href="([^"]+)"/g)].map((m) => new URL(m[1]).host)).toEqual(['localhost:3000']);
    // Braces in what the browser sent are text, not arguments of the message.
    const braces = wrongOriginPage({ appOrigin: 'http://localhost:3000', pathname: '/{address}', origin: null });
    expect(braces).toContain('<a href="http://localhost:3000/{address}">Open http://localhost:3000/{address}</a>');
    const long = wrongOriginPage({
      appOrigin: 'http://localhost:3000',
      pathname: `/${'a'.repeat(5000)}`,
      origin: null,
    });
    expect(long).toContain('<a href="http://localhost:3000/">');
    expect(long.length).toBeLessThan(5000);
  });
});
