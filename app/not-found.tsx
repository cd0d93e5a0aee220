import { ClientMessages } from '@/components/client-messages';
import { NotFoundMessage } from '@/components/shell/not-found-message';

/**
 * Also the answer when a server action calls notFound(): Next.js then renders this page without
 * the root layout, so it brings the shell's messages itself (inside the layout the payload refers
 * to the layout's copy).
 */
export default function NotFound() {
  return (
    <main id="content" className="flex min-h-dvh flex-col items-center justify-center px-4">
      <ClientMessages scope="shell">
        <NotFoundMessage />
      </ClientMessages>
    </main>
  );
}
