import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a server someone else names may be, before Roster connects to it (a mail server typed
 * into a form, a browser's push service): on the internet, not on the network Roster itself runs
 * in. Without this check anyone who may fill in such a form could make the server connect to its
 * own loopback, the cloud's metadata service or hosts behind the firewall, and learn from
 * "refused" and "timed out" which ports are open there. Deployments list the internal servers
 * they do allow (MAIL_INTERNAL_HOSTS, PUSH_INTERNAL_HOSTS).
 */

/** The IPv4 address an IPv6 one carries: NAT64 (64:ff9b::/96), SIIT (::ffff:0:a.b.c.d) or 6to4 (2002::/16). */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  switch (address.range()) {
    // The well-known NAT64 prefix only: under the local-use one (64:ff9b:1::/48) the IPv4 address
    // sits elsewhere, and such an address stays internal.
    case 'rfc6052':
      return p[2] === 0 ? v4(p[6], p[7]) : null;
    case 'rfc6145':
      return v4(p[6], p[7]);
    case '6to4':
      return v4(p[1], p[2]);
    default:
      return null;
  }
}

/**
 * Whether an address is anywhere but the public internet: loopback, private, link-local, shared
 * (CGNAT), unspecified, documentation, benchmarking, multicast, reserved, or an IPv6 address that
 * carries such an IPv4 one (::ffff:127.0.0.1 included). Anything that does not parse counts too.
 */
export function isInternalAddress(text: string): boolean {
  if (!ipaddr.isValid(text)) return true;
  const address = ipaddr.process(text);
  if (address.kind() === 'ipv6') {
    const v4 = embeddedIpv4(address as ipaddr.IPv6);
    if (v4) return v4.range() !== 'unicast';
  }
  return address.range() !== 'unicast';
}

/** A list of allowed internal servers: host names (matched as typed), addresses and CIDR ranges. */
export type InternalAllowance = { hosts: Set<string>; ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> };

export function parseInternalHosts(value: string | undefined): InternalAllowance {
  const allowance: InternalAllowance = { hosts: new Set(), ranges: [] };
  for (const raw of (value ?? '').split(',')) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    if (ipaddr.isValidCIDR(entry)) {
      const [network, bits] = ipaddr.parseCIDR(entry);
      allowance.ranges.push([network, bits]);
    } else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      allowance.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else {
      allowance.hosts.add(entry.replace(/\.$/, ''));
    }
  }
  return allowance;
}

const listedAddress = (allowance: InternalAllowance, text: string) => {
  const address = ipaddr.process(text);
  return allowance.ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
};

export type OutboundAddress =
  { ok: true; address: string; servername: string | undefined } | { ok: false; failure: 'notFound' | 'internal' };

export type Lookup = (host: string) => Promise<string[]>;

const systemLookup: Lookup = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The address to connect to for `host` (its first IPv4 address, else its first), checked. A name is resolved once here, and the client
 * then connects to that address (with the name for TLS), so a second lookup cannot lead
 * elsewhere. Every address the name has must be outside the internal ranges (or listed in
 * `allowance`): one public address among private ones does not let it through.
 */
export async function checkedOutboundAddress(
  host: string,
  allowance: InternalAllowance,
  lookup: Lookup = systemLookup,
): Promise<OutboundAddress> {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  let addresses: string[];
  if (isIP(name)) addresses = [name];
  else {
    try {
      addresses = await lookup(name);
    } catch {
      return { ok: false, failure: 'notFound' };
    }
    if (!addresses.length) return { ok: false, failure: 'notFound' };
  }
  const listedByName = allowance.hosts.has(name);
  const refused = addresses.some((a) => isInternalAddress(a) && !listedByName && !listedAddress(allowance, a));
  if (refused) return { ok: false, failure: 'internal' };
  // IPv4 first, as nodemailer itself resolves: a server listening on one family only (loopback
  // relays often do) is still found when the name has both.
  const address = addresses.find((a) => isIP(a) === 4) ?? addresses[0];
  return { ok: true, address, servername: isIP(name) ? undefined : name };
}

/** Whether `host` is an address literal on an internal network that `allowance` does not list. */
export function isRefusedLiteral(host: string, allowance: InternalAllowance): boolean {
  const address = host.replace(/^\[(.*)\]$/, '$1');
  return isIP(address) !== 0 && isInternalAddress(address) && !listedAddress(allowance, address);
}

/**
 * A `lookup` for an http(s) agent: a name resolves as usual, but to its checked address only, and
 * one with an internal address fails with EINTERNAL before anything is sent. Literal addresses do
 * not pass through a lookup: check those with `isRefusedLiteral`.
 */
export function guardedLookup(allowance: InternalAllowance): LookupFunction {
  return (hostname, options, callback) => {
    void checkedOutboundAddress(hostname, allowance).then((checked) => {
      if (!checked.ok) {
        const code = checked.failure === 'internal' ? 'EINTERNAL' : 'ENOTFOUND';
        const error: NodeJS.ErrnoException = Object.assign(new Error(`${code} ${hostname}`), { code, hostname });
        return callback(error, '', 0);
      }
      const family = isIP(checked.address);
      if (options.all) callback(null, [{ address: checked.address, family }]);
      else callback(null, checked.address, family);
    });
  };
}
