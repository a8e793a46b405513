import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may never reach: anything not a public unicast address. IPv4 is
 * checked against the IANA special-purpose ranges; IPv6 is public only inside global unicast
 * (2000::/3), outside its special blocks, or when it is a translation form (IPv4-mapped, NAT64)
 * whose embedded IPv4 address is public: those forms reach the IPv4 address, so it decides.
 */
const SPECIAL_IPV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  // The deprecated 6to4 relay anycast (RFC 7526): a relay, never a receiver.
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  SPECIAL_IPV4.addSubnet(network, prefix, 'ipv4');

/** Special blocks inside global unicast (IANA IPv6 special-purpose registry). */
const SPECIAL_GLOBAL_IPV6 = new BlockList();
for (const [network, prefix] of [
  // IETF protocol assignments: Teredo (2001::/32) tunnels to an obfuscated IPv4 peer, benchmarking, ORCHID, AMT, AS112.
  ['2001::', 23],
  ['2001:db8::', 32],
  // 6to4 is refused whole: it is deprecated (RFC 7526), its traffic goes through relays to the
  // embedded IPv4 host, and no receiver needs it.
  ['2002::', 16],
  ['3fff::', 20],
] as const)
  SPECIAL_GLOBAL_IPV6.addSubnet(network, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address in any spelling (`::`, a trailing dotted IPv4, a zone), or null. */
export function ipv6Groups(address: string): number[] | null {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    if ([a, b, c, d].some((byte) => byte > 255)) return null;
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parts = (half: string) => (half === '' ? [] : half.split(':'));
  const head = parts(halves[0]);
  const tail = halves.length === 2 ? parts(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return null;
  return groups.map((group) => parseInt(group, 16));
}

const embeddedIpv4 = (groups: number[]) => `${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;

function isSpecialIpv6(address: string): boolean {
  const groups = ipv6Groups(address);
  if (!groups) return true;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  // IPv4-mapped (::ffff:0:0/96): a connection to it is a connection to the IPv4 address.
  if (zeros(0, 5) && groups[5] === 0xffff) return SPECIAL_IPV4.check(embeddedIpv4(groups), 'ipv4');
  // NAT64's well-known prefix (64:ff9b::/96) is translated to the embedded IPv4 address.
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return SPECIAL_IPV4.check(embeddedIpv4(groups), 'ipv4');
  // Outside 2000::/3 nothing is public unicast: unspecified, loopback, IPv4-compatible (::/96),
  // IPv4-translated (::ffff:0:0:0/96), local NAT64 (64:ff9b:1::/48), discard (100::/64),
  // SRv6 (5f00::/16), unique local, link- and site-local, multicast, and the unassigned rest.
  if ((groups[0] & 0xe000) !== 0x2000) return true;
  const canonical = groups.map((group) => group.toString(16)).join(':');
  return SPECIAL_GLOBAL_IPV6.check(canonical, 'ipv6');
}

/** Whether an address is anything but a public unicast address (a non-address counts as not public). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return SPECIAL_IPV4.check(address, 'ipv4');
  if (family === 6) return isSpecialIpv6(address);
  return true;
}
