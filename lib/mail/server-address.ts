import {
  checkedOutboundAddress,
  parseInternalHosts,
  type Lookup,
  type OutboundAddress,
} from '../security/outbound-address';

export type MailServerAddress = OutboundAddress;

/**
 * The checked address of a mail server typed into a form (a personal mailbox, an organization's
 * business email): on the internet, or listed in MAIL_INTERNAL_HOSTS.
 */
export function checkedMailServerAddress(host: string, lookup?: Lookup): Promise<MailServerAddress> {
  return checkedOutboundAddress(host, parseInternalHosts(process.env.MAIL_INTERNAL_HOSTS), lookup);
}
