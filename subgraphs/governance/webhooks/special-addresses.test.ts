import { ipv6Groups, isPrivateAddress } from './special-addresses';

describe('special-purpose addresses a webhook may never reach', () => {
  it.each([
    // IPv4
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.10', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['192.88.99.1', true],
    ['255.255.255.255', true],
    ['93.184.216.34', false],
    // IPv6 of its own
    ['::', true],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['fe80::1%eth0', true],
    ['fec0::1', true],
    ['ff02::1', true],
    ['2001:db8::1', true],
    ['3fff::1', true],
    ['100::1', true],
    ['5f00::1', true],
    ['400::1', true],
    ['2606:4700::6810:85e5', false],
    ['2a00:1450:4007:80f::200e', false],
    // IPv4-mapped, in any spelling: the IPv4 address decides
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['0:0:0:0:0:ffff:a00:1', true],
    ['::FFFF:169.254.169.254', true],
    ['::ffff:8.8.8.8', false],
    ['::ffff:808:808', false],
    // IPv4-translated (::ffff:0:0:0/96) and IPv4-compatible (::/96): refused whatever they embed
    ['::ffff:0:7f00:1', true],
    ['::ffff:0:808:808', true],
    ['::127.0.0.1', true],
    ['::7f00:1', true],
    ['::8.8.8.8', true],
    // NAT64: the well-known prefix reaches the embedded IPv4; the local-use prefix is refused
    ['64:ff9b::127.0.0.1', true],
    ['64:ff9b::a9fe:a9fe', true],
    ['64:ff9b::808:808', false],
    ['64:ff9b:1::808:808', true],
    // 6to4 (refused whole), Teredo and the other IETF protocol assignments
    ['2002:7f00:1::1', true],
    ['2002:808:808::1', true],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', true],
    ['2001:2::1', true],
    ['2001:20::1', true],
    // not an address at all
    ['example.com', true],
    ['', true],
  ])('%s refused: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::ffff:127.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['2001:db8::', [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]],
    ['1::2:3.4.5.6', [1, 0, 0, 0, 0, 2, 0x304, 0x506]],
  ])('reads %s as eight groups', (address, groups) => {
    expect(ipv6Groups(address)).toEqual(groups);
  });

  it.each(['1:2:3', '1::2::3', '1:2:3:4:5:6:7:8:9', '::1.2.3.256', '1:2:3:4:5:6:7:8::', 'g::1'])('%s is no IPv6 address', (address) => {
    expect(ipv6Groups(address)).toBeNull();
  });
});
