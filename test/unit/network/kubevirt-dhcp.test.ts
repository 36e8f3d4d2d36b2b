import { describe, expect, it } from 'vitest';
import {
  classlessRouteBytes,
  DHCP_OFFER,
  dhcpOptions,
  dhcpReply,
  domainName,
  domainNameWithSubdomain,
  isValidSearchDomain,
  LEASE_SECONDS,
  parseDhcpOptions,
  parseNameservers,
  parseSearchDomains,
  searchDomainBytes,
  toHex,
} from '../../../shared/network';

const bytes = (s: string) => [...s].map((c) => c.charCodeAt(0));
const a = (n: number) => 'a'.repeat(n);
const longDomains = [
  'pix3ob5ymm5jbsjessf0o4e84uvij588rz23iz0o.com',
  '3wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com',
  't4lanpt7z4ix58nvxl4d.com',
  '14wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com',
  '4wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com',
];

// rows from kubevirt pkg/network/dhcp/server/server_test.go
describe('KubeVirt DHCP option 121 (formClasslessRoutes)', () => {
  it('verify should form correctly', () => {
    expect(classlessRouteBytes([{ dst: '224.0.0.0/4' }, { dst: '192.168.1.0/24', gw: '192.168.2.1' }])).toEqual([4, 224, 0, 0, 0, 0, 24, 192, 168, 1, 192, 168, 2, 1]);
  });
  it('should not panic', () => {
    expect(classlessRouteBytes(undefined)).toEqual([]);
  });
  it('should build OpenShift routes correctly (the default route last)', () => {
    expect(classlessRouteBytes([{ gw: '10.129.0.1' }, { dst: '10.128.0.0/14' }, { dst: '224.0.0.0/4' }])).toEqual([14, 10, 128, 0, 0, 0, 0, 4, 224, 0, 0, 0, 0, 0, 10, 129, 0, 1]);
  });
  it('should build Calico routes correctly', () => {
    expect(classlessRouteBytes([{ gw: '169.254.1.1' }, { dst: '169.254.1.1/32' }])).toEqual([32, 169, 254, 1, 1, 0, 0, 0, 0, 0, 169, 254, 1, 1]);
  });
});

describe('KubeVirt DHCP option 119 (convertSearchDomainsToBytes)', () => {
  it('should return RFC3397 compatible DNS search data, uncompressed as KubeVirt sends it', () => {
    const r = searchDomainBytes(['foo.com', 'foo.local']);
    expect(r).toEqual({ ok: true, bytes: [3, ...bytes('foo'), 3, ...bytes('com'), 0, 3, ...bytes('foo'), 5, ...bytes('local'), 0] });
  });
  it('repeats shared suffixes instead of RFC 1035 pointers (KubeVirt skips compression)', () => {
    const r = searchDomainBytes(['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
    expect(r.ok && r.bytes.length).toBe(27 + 19 + 15);
    expect(r.ok && r.bytes.includes(0xc0)).toBe(false);
  });
  it('should reject invalid domains', () => {
    const r = searchDomainBytes(['foo,com']);
    expect(!r.ok && r.error).toBe("Search domain is not valid: 'foo,com'");
  });
  it('should reject search domains that exceed max length (256 bytes)', () => {
    const r = searchDomainBytes([...longDomains.slice(0, 2), '38rfuqbyvkjg4z1f3aogul55wtgxrd9dlwzewqo0.com', 'yza01ojnzi0tkyjeusmlg728nqdqvz3domymifvq.com', 'm130lhs7a8yjgpn6almqggkqc222otedms6vslcd.com', 't4lanpt7z4ix58nvxl4d.com']);
    expect(!r.ok && r.error).toBe('Search domains length exceeded allowable size: was 256 long');
  });
  it.each([
    ["that start with '-'", '-foo.com'],
    ["that end with '-'", 'foo.com-'],
    ['with full length greater than 253 chars', `${a(250)}.com`],
    ['that have labels longer than 63 chars', `${a(64)}.com`],
    ['with invalid characters', 'foo\n.com'],
  ])('should REJECT domains %s', (_, d) => expect(isValidSearchDomain(d)).toBe(false));
  it.each([
    ['that have 63 character labels', `${a(63)}.com`],
    ['with a valid domain name', 'example.default.svc.cluster.local'],
    ['with a valid FQDN', 'example.default.svc.cluster.local.'],
    ['with a partial search domain', 'local'],
  ])('should ACCEPT domains %s', (_, d) => expect(isValidSearchDomain(d)).toBe(true));
});

describe('prepareDHCPOptions', () => {
  const base = { dnsServers: [], searchDomains: [], mtu: 1500, hostname: 'myhost' };
  it('should contain the domain name option: the longest search domain', () => {
    const r = dhcpOptions({ ...base, clientPrefix: 24, router: '192.168.2.1', searchDomains: longDomains });
    expect(r.ok && r.options.find((o) => o.code === 15)?.bytes).toEqual(bytes('14wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com'));
  });
  it('expects the gateway as an IPv4 address', () => {
    const r = dhcpOptions({ ...base, clientPrefix: 24, router: '192.168.2.1' });
    expect(r.ok && r.options.find((o) => o.code === 3)?.bytes).toEqual([192, 168, 2, 1]);
  });
  it('omits router, classless routes and subnet mask when unknown; always DNS, hostname and MTU', () => {
    const r = dhcpOptions(base);
    expect(r.ok && r.options.map((o) => o.code)).toEqual([6, 12, 26]);
    expect(r.ok && r.options.find((o) => o.code === 26)?.bytes).toEqual([0x05, 0xdc]);
  });
  it('an invalid search domain stops the server', () => {
    expect(dhcpOptions({ ...base, searchDomains: ['foo,com'] })).toEqual({ ok: false, error: "Search domain is not valid: 'foo,com'" });
  });
});

// rows from kubevirt pkg/network/dns/resolveconf_test.go
describe('resolv.conf as virt-launcher reads it', () => {
  it('nameservers, malformed lines skipped, 8.8.8.8 when none', () => {
    expect(parseNameservers('nameserver 8.8.8.8\nnameserver 8.8.4.4\n')).toEqual(['8.8.8.8', '8.8.4.4']);
    expect(parseNameservers('search example.com\nnameserver 8.8.8.8\nnameserver 8.8.4.4\nnameserver mynameserver\n')).toEqual(['8.8.8.8', '8.8.4.4']);
    expect(parseNameservers('')).toEqual(['8.8.8.8']);
  });
  it('search domains: multi-line, whitespace, lower-cased, cluster.local when none', () => {
    expect(parseSearchDomains('search cluster.local svc.cluster.local example.com\nnameserver 8.8.8.8\n')).toEqual(['cluster.local', 'svc.cluster.local', 'example.com']);
    expect(parseSearchDomains('search cluster.local\nsearch svc.cluster.local example.com\nnameserver 8.8.8.8\n')).toEqual(['cluster.local', 'svc.cluster.local', 'example.com']);
    expect(parseSearchDomains('search cluster.local\tsvc.cluster.local    example.com\nnameserver 8.8.8.8\n')).toEqual(['cluster.local', 'svc.cluster.local', 'example.com']);
    expect(parseSearchDomains('nameserver 8.8.8.8\n')).toEqual(['cluster.local']);
    expect(parseSearchDomains('search LoCaL\nnameserver 8.8.8.8\n')).toEqual(['local']);
  });
  it('GetDomainName: the longest', () => expect(domainName(longDomains)).toBe('14wg5xngig6vzfqjww4kocnky3c9dqjpwkewzlwpf.com'));
  it.each([
    ['added to the longest service domain', ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], 'subdomain', 'subdomain.default.svc.cluster.local'],
    ['not added if subdomain is empty', ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], '', ''],
    ['added even if the longest service domain is not first', ['svc.cluster.local', 'cluster.local', 'default.svc.cluster.local'], 'subdomain', 'subdomain.default.svc.cluster.local'],
    ['not added if the longest service domain already has it', ['svc.cluster.local', 'cluster.local', 'subdomain.default.svc.cluster.local'], 'subdomain', ''],
    ['added to the right entry when the longest is not a service entry', ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'this.is.a.very.very.very.long.entry'], 'subdomain', 'subdomain.default.svc.cluster.local'],
    ['not added if there is no service entry', ['example.com'], 'subdomain', ''],
  ])('subdomain: %s', (_, domains, sub, want) => expect(domainNameWithSubdomain(domains, sub)).toBe(want));
});

describe('the OFFER packet (krolaw/dhcp4 ReplyPacket)', () => {
  const r = dhcpOptions({ clientPrefix: 24, router: '10.0.2.1', dnsServers: ['10.96.0.10'], searchDomains: ['default.svc.cluster.local'], mtu: 1450, hostname: 'vm1' });
  if (!r.ok) throw new Error(r.error);
  const p = dhcpReply(DHCP_OFFER, { xid: 0xdeadbeef, chaddr: '52:54:00:12:34:56' }, '10.0.2.1', '10.0.2.2', r.options);
  it('BOOTREPLY header: op 2, Ethernet, hlen 6, xid copied, yiaddr, chaddr, magic cookie', () => {
    expect([...p.subarray(0, 8)]).toEqual([2, 1, 6, 0, 0xde, 0xad, 0xbe, 0xef]);
    expect([...p.subarray(16, 20)]).toEqual([10, 0, 2, 2]);
    expect(toHex(p.subarray(28, 34))).toBe('525400123456');
    expect([...p.subarray(236, 240)]).toEqual([99, 130, 83, 99]);
  });
  it('options 53 OFFER, 54 server id, 51 the 999-day lease first, then the server options, End; padded to 272 bytes', () => {
    expect([...p.subarray(240, 255)]).toEqual([53, 1, 2, 54, 4, 10, 0, 2, 1, 51, 4, ...[0x05, 0x25, 0x0a, 0x80]]);
    expect(LEASE_SECONDS).toBe(86_313_600); // 999 days = 0x05250a80
    const opts = parseDhcpOptions(p);
    expect(opts.get(1)).toEqual([255, 255, 255, 0]);
    expect(opts.get(6)).toEqual([10, 96, 0, 10]);
    expect(opts.get(12)).toEqual(bytes('vm1'));
    expect(opts.get(26)).toEqual([0x05, 0xaa]);
    expect(opts.get(119)).toEqual([7, ...bytes('default'), 3, ...bytes('svc'), 7, ...bytes('cluster'), 5, ...bytes('local'), 0]);
    expect(p.length).toBeGreaterThanOrEqual(272);
  });
});
