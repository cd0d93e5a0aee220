import type { Metadata } from 'next';
import { connection } from 'next/server';

import { getT } from '@/lib/i18n/server';

import { MailboxView } from './mailbox-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())('mailbox.title') };
}

export default async function MailboxPage() {
  await connection();
  return MailboxView();
}
