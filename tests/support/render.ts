import { createElement, type ComponentProps, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { IntlProvider } from 'use-intl';

import { compiledMessagesFor } from '@/lib/i18n/messages';
import { getRequestIntl } from '@/lib/i18n/server';

import type { TestClient } from './client';

/**
 * A page (or any server component tree) rendered to HTML as `browser` would get it, in its
 * language, with every suspended part resolved. Client components that need the router (the
 * section navigation) cannot render here; pages are rendered without their layout.
 */
export async function renderHtml(browser: TestClient, tree: () => Promise<ReactNode>) {
  return browser.run(async () => {
    const { locale, timeZone } = await getRequestIntl();
    const props = { locale, timeZone, messages: compiledMessagesFor(locale) } as ComponentProps<typeof IntlProvider>;
    const stream = await renderToReadableStream(createElement(IntlProvider, props, await tree()));
    await stream.allReady;
    return new Response(stream).text();
  });
}
