import type { ConnectionsSectionProps } from './section-props';

export async function LinkedAccountSection(props: ConnectionsSectionProps) {
  void props;
  return null;
}
