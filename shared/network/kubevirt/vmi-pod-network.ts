// virt-launcher's pod network setup for the VMI's pod-network interface (pkg/network/setup/netpod and
// pkg/network/dhcp): the in-pod devices, masquerade's NAT rules, and the single-client DHCP server's offer.
import { hexDigest } from '../../nodes/hash';
import { localMac } from '../cni-chain';
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from '../../nodes/ipv4';
import { dhcpOptions, domainNameWithSubdomain, filterPodNetworkRoutes, type DhcpRoute } from './dhcp-options';
import { DHCP_OFFER, dhcpReply, LEASE_SECONDS, toHex } from './dhcp-packet';
import { parseNameservers, parseSearchDomains } from './resolv-conf';
import { podNetworkInterface, type VirtualMachineInstance } from './vmi-types';

/** The VMI's default masquerade network (api.DefaultVMCIDR). */
export const DEFAULT_VM_CIDR = '10.0.2.0/24';
/** The in-pod bridge for interface `eth0`. */
export const BRIDGE_NAME = 'k6t-eth0';
export const TAP_NAME = 'tap0';
/** The MAC KubeVirt reserves for the masquerade bridge (link.StaticMasqueradeBridgeMAC). */
export const MASQUERADE_BRIDGE_MAC = '02:00:00:00:00:00';

/** What the CNI gave the virt-launcher pod's eth0, read as discoverPodNetworkInterface reads it. */
export interface PodInterface {
  ip: string;
  prefix: number;
  mac: string;
  mtu: number;
  /** The pod's routes as `ip route` lists them on eth0 (default first). */
  routes: DhcpRoute[];
  hostname: string;
  resolvConf: string;
}

export interface InPodDevice {
  name: string;
  type: 'veth' | 'bridge' | 'tap';
  mac?: string;
  mtu: number;
  addresses: string[];
  master?: string;
}

export type VmiPodNetwork =
  | { ok: false; error: string }
  | {
      ok: true;
      binding: 'bridge' | 'masquerade';
      interface: string;
      vm: { ip: string; prefix: number; mac: string; gateway: string };
      podIP: string;
      devices: InPodDevice[];
      nat?: { rules: string[]; portForwards: { port: number; protocol: string; to: string }[] };
      dhcp: {
        serverIP: string;
        /** The only client MAC it answers (bridge); masquerade's server answers any. */
        clientMAC?: string;
        leaseSeconds: number;
        options: { code: number; name: string; value: string | number | string[]; hex: string }[];
        /** The whole OFFER to the VM's DISCOVER, hex. */
        offer: string;
        offerBytes: number;
      };
    };

/** GetMasqueradeGwAndHostAddressesFromCIDR: the network's second and third addresses, gateway then VM; fewer than 4 addresses is an error. */
export function masqueradeAddresses(cidr: string): { ok: true; gateway: string; vm: string; prefix: number } | { ok: false; error: string } {
  const c = parseCidr(cidr);
  if (!c) return { ok: false, error: `invalid CIDR address: ${cidr}` };
  if (c.prefix > 30) return { ok: false, error: 'less than 4 addresses on network' };
  return { ok: true, gateway: formatIPv4(c.base + 1), vm: formatIPv4(c.base + 2), prefix: c.prefix };
}

// libvirt gives a NIC without a configured MAC a random one under QEMU's 52:54:00 prefix; derived from the UID here
export function libvirtMac(seed: string): string {
  return `52:54:00:${hexDigest(seed, 6).match(/../g)!.join(':')}`;
}


/** nftables NAT of the masquerade binding: outbound masquerade, inbound DNAT of the listed ports (all ports when none), and localhost hairpin. */
function masqueradeRules(vmIP: string, gateway: string, ports: { port: number; protocol: string }[]): string[] {
  const match = (p?: { port: number; protocol: string }) => (p ? `${p.protocol.toLowerCase()} dport ${p.port} ` : '');
  const each = ports.length ? ports : [undefined];
  return [
    `ip nat postrouting ip saddr ${vmIP} counter masquerade`,
    'ip nat prerouting iifname "eth0" counter jump KUBEVIRT_PREINBOUND',
    `ip nat postrouting oifname "${BRIDGE_NAME}" counter jump KUBEVIRT_POSTINBOUND`,
    ...each.flatMap((p) => [
      `ip nat KUBEVIRT_POSTINBOUND ${match(p)}ip saddr 127.0.0.1 counter snat to ${gateway}`,
      `ip nat KUBEVIRT_PREINBOUND ${match(p)}counter dnat to ${vmIP}`,
      `ip nat output ip daddr 127.0.0.1 ${match(p)}counter dnat to ${vmIP}`,
    ]),
  ];
}

/**
 * The pod network as virt-launcher sets it up for `vmi` on top of its pod's eth0.
 *
 * Bridge: the VM gets the pod's address, prefix and original MAC; eth0 is renamed `eth0-nic`, gets a new MAC
 * and loses its address, and joins bridge `k6t-eth0` (link-local 169.254.75.1<index>/32, the DHCP server's
 * identity) with `tap0`; the offer carries the pod's gateway and its other routes (option 121).
 * Masquerade: the VM is 10.0.2.2/24 (spec.networks[].pod.vmNetworkCIDR) behind `k6t-eth0` = 10.0.2.1, eth0
 * keeps the pod IP, NAT forwards the listed ports; the offer has no option 121.
 * Both: DNS and search domains from the pod's resolv.conf (a `spec.subdomain` adds its FQDN domain first),
 * option 12 the pod's hostname, option 26 the pod MTU, a 999-day lease.
 */
export function vmiPodNetwork(vmi: VirtualMachineInstance, pod: PodInterface): VmiPodNetwork {
  const found = podNetworkInterface(vmi);
  if (!found) return { ok: false, error: 'the VMI has no interface on the pod network' };
  if (found.binding === 'other') return { ok: false, error: `interface ${found.iface.name}: only bridge and masquerade bindings are modelled` };
  const uid = vmi.metadata?.uid ?? vmi.metadata?.name ?? '';
  const nameservers = parseNameservers(pod.resolvConf);
  const parsedSearch = parseSearchDomains(pod.resolvConf);
  const sub = domainNameWithSubdomain(parsedSearch, vmi.spec?.subdomain);
  const searchDomains = sub ? [sub, ...parsedSearch] : parsedSearch;
  const tap: InPodDevice = { name: TAP_NAME, type: 'tap', mtu: pod.mtu, addresses: [], master: BRIDGE_NAME };
  let vm: { ip: string; prefix: number; mac: string; gateway: string };
  let serverIP: string;
  let devices: InPodDevice[];
  let routes: DhcpRoute[] | undefined;
  let nat: { rules: string[]; portForwards: { port: number; protocol: string; to: string }[] } | undefined;
  let clientMAC: string | undefined;
  if (found.binding === 'bridge') {
    // discoverPodNetworkInterface: the gateway is the first route's; more than one route → option 121
    const gateway = pod.routes[0]?.gw ?? '';
    routes = pod.routes.length > 1 ? filterPodNetworkRoutes(pod.routes, pod.ip) : undefined;
    vm = { ip: pod.ip, prefix: pod.prefix, mac: found.iface.macAddress ?? pod.mac, gateway };
    serverIP = `169.254.75.1${found.index}`;
    clientMAC = vm.mac;
    devices = [
      { name: BRIDGE_NAME, type: 'bridge', mtu: pod.mtu, addresses: [`${serverIP}/32`] },
      { name: 'eth0-nic', type: 'veth', mac: localMac(`eth0-nic:${uid}`), mtu: pod.mtu, addresses: [], master: BRIDGE_NAME },
      tap,
    ];
  } else {
    const m = masqueradeAddresses(found.network.pod?.vmNetworkCIDR || DEFAULT_VM_CIDR);
    if (!m.ok) return m;
    vm = { ip: m.vm, prefix: m.prefix, mac: found.iface.macAddress ?? libvirtMac(`vm:${uid}`), gateway: m.gateway };
    serverIP = m.gateway;
    devices = [
      { name: 'eth0', type: 'veth', mac: pod.mac, mtu: pod.mtu, addresses: [`${pod.ip}/${pod.prefix}`] },
      { name: BRIDGE_NAME, type: 'bridge', mac: MASQUERADE_BRIDGE_MAC, mtu: pod.mtu, addresses: [`${m.gateway}/${m.prefix}`] },
      tap,
    ];
    const ports = (found.iface.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' }));
    nat = { rules: masqueradeRules(m.vm, m.gateway, ports), portForwards: ports.map((p) => ({ ...p, to: `${m.vm}:${p.port}` })) };
  }
  const opts = dhcpOptions({ clientPrefix: vm.prefix, router: vm.gateway || undefined, dnsServers: nameservers, routes, searchDomains, mtu: pod.mtu, hostname: pod.hostname });
  if (!opts.ok) return opts;
  const xid = parseInt(hexDigest(`xid:${uid}`, 8), 16) >>> 0;
  const offer = dhcpReply(DHCP_OFFER, { xid, chaddr: vm.mac }, serverIP, vm.ip, opts.options);
  return {
    ok: true,
    binding: found.binding,
    interface: found.iface.name,
    vm,
    podIP: pod.ip,
    devices,
    ...(nat ? { nat } : {}),
    dhcp: {
      serverIP,
      ...(clientMAC ? { clientMAC } : {}),
      leaseSeconds: LEASE_SECONDS,
      options: opts.options.map((o) => ({ code: o.code, name: o.name, value: o.value, hex: toHex(o.bytes) })),
      offer: toHex(offer),
      offerBytes: offer.length,
    },
  };
}

/** The pod's routes on eth0 as the kernel lists them: the CNI's default and network routes via the gateway, then the link route to its subnet. */
export function podRoutes(podIP: string, prefix: number, gateway: string, cniRoutes: { dst: string; gw?: string }[]): DhcpRoute[] {
  const subnet = parseCidr(`${podIP}/${prefix}`)!;
  const viaGw = cniRoutes.map((r) => ({ ...(r.dst === '0.0.0.0/0' ? {} : { dst: r.dst }), gw: r.gw ?? gateway }));
  const sorted = [...viaGw.filter((r) => !r.dst), ...viaGw.filter((r) => r.dst)];
  const ip = parseIPv4(podIP);
  return [...sorted, ...(ip !== undefined && cidrContains(subnet, ip) ? [{ dst: `${formatIPv4(subnet.base)}/${prefix}`, src: podIP }] : [])];
}

/**
 * The MAC the VM's pod-network NIC has: the spec's, else with bridge binding the pod eth0's original MAC
 * (cniAddResult's), with masquerade libvirt's 52:54:00 one.
 */
export function vmMac(vmi: VirtualMachineInstance, podUid: string): string | undefined {
  const found = podNetworkInterface(vmi);
  if (!found) return undefined;
  if (found.iface.macAddress) return found.iface.macAddress;
  return found.binding === 'masquerade' ? libvirtMac(`vm:${vmi.metadata?.uid ?? vmi.metadata?.name ?? ''}`) : localMac(`eth0:${podUid}`);
}
