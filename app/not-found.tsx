import { NotFoundMessage } from '@/components/shell/not-found-message';

export default function NotFound() {
  return (
    <main id="content" className="flex min-h-dvh flex-col items-center justify-center px-4">
      <NotFoundMessage />
    </main>
  );
}
