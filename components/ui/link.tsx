import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * The app's links: client-side navigation without prefetching. Every page is rendered per user
 * on request, so Next's prefetch of each visible link (the settings navigation, a page of users)
 * asked the server for ten or more pages nobody opened. A click renders the page then.
 */
export function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
