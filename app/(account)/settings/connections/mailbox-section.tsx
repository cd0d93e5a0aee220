import type { ConnectionsSectionProps } from './section-props';

export async function MailboxSection(props: ConnectionsSectionProps) {
  void props;
  return null;
}
