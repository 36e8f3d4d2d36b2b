import { formatIPv4, parseCidr } from '../nodes/ipv4';
import { backendMtu, NIC_MTU } from './backend-mtu';
import { vtepMac } from './flannel-annotations';
import type { BackendType, FlannelConfig } from './flannel-config';
import { subnetEnv } from './subnet-env';
import type { SubnetLease } from './subnet-lease';

/** A network device on a node (`ip -d link`): the NIC, the cni0 bridge and the backend's device. */
export interface Link {
  name: string;
  kind: 'ether' | 'bridge' | 'vxlan' | 'tun' | 'wireguard';
  mtu: number;
  addresses: string[];
  mac?: string;
  /** vxlan: id, UDP port and the local (public) address the tunnel leaves from. */
  vni?: number;
  port?: number;
  local?: string;
}

/** One route (`ip route`): `<dst> via <via> dev <dev> [onlink]` or a connected `<dst> dev <dev> proto kernel scope link src <src>`. */
export interface Route {
  dst: string;
  via?: string;
  dev: string;
  onlink?: boolean;
  proto?: 'kernel';
  scope?: 'link';
  src?: string;
}

/** A permanent neighbour (`ip neigh`): the remote flannel.1 address → the remote VTEP MAC. */
export interface Neighbor {
  ip: string;
  lladdr: string;
  dev: string;
}

/** A forwarding entry (`bridge fdb show`): remote VTEP MAC → the remote node's public IP. */
export interface FdbEntry {
  mac: string;
  dst: string;
  dev: string;
}

/** flanneld's user-space table (udp backend): remote subnet → remote flanneld's UDP endpoint. */
export interface UdpPeer {
  subnet: string;
  endpoint: string;
}

/** A WireGuard peer on flannel-wg. */
export interface WireguardPeer {
  publicKey: string;
  endpoint: string;
  allowedIPs: string[];
}

/**
 * One node's flannel dataplane: devices, routes, ARP and FDB entries, and the backend's peer tables,
 * keyed (routes by destination, ARP by IP, FDB by MAC, peers by subnet) so that a lease event replaces
 * or removes its entries in O(1), as RouteReplace and neighbour updates do.
 */
export interface NodeDataplane {
  node: string;
  backend: BackendType;
  /** The flannel device's MTU, which pods get (FLANNEL_MTU). */
  mtu: number;
  nicMtu: number;
  publicIP: string;
  subnet: string;
  segment: string;
  subnetEnv: Record<string, string>;
  links: Link[];
  routes: Record<string, Route>;
  neighbors: Record<string, Neighbor>;
  fdb: Record<string, FdbEntry>;
  udpPeers: Record<string, UdpPeer>;
  wireguardPeers: Record<string, WireguardPeer>;
  /** flanneld's errors for leases it could not program (host-gw to another segment, undecodable data). */
  errors: string[];
  /** Leases flanneld ignored (another backend's type). */
  warnings: string[];
}

export interface SubnetEvent {
  type: 'added' | 'removed';
  lease: SubnetLease;
}

/** The device name each backend routes through. */
export function backendDevice(config: FlannelConfig): string | undefined {
  const be = config.backend;
  return be.type === 'vxlan' ? `flannel.${be.vni}` : be.type === 'udp' ? 'flannel0' : be.type === 'wireguard' ? 'flannel-wg' : undefined;
}

/**
 * What flanneld sets up on its own node before it hears of any other: eth0, the cni0 bridge with the
 * gateway (the CNI bridge plugin creates it at the first pod; shown from the start), and the backend's
 * device — vxlan `flannel.<VNI>` with the node's subnet address /32, udp's `flannel0` TUN and
 * wireguard's `flannel-wg` owning the whole network — with MTU = NIC − overhead.
 */
export function initDataplane(config: FlannelConfig, self: Pick<SubnetLease, 'node' | 'subnet' | 'publicIP' | 'segment'>, nicMtu = NIC_MTU): NodeDataplane {
  const mtu = backendMtu(config.backend, nicMtu);
  const sn = parseCidr(self.subnet)!;
  const net = parseCidr(config.network)!;
  const subnetIP = formatIPv4(sn.base);
  const gateway = formatIPv4(sn.base + 1);
  const links: Link[] = [
    { name: 'eth0', kind: 'ether', mtu: nicMtu, addresses: [self.publicIP] },
    { name: 'cni0', kind: 'bridge', mtu, addresses: [`${gateway}/${sn.prefix}`] },
  ];
  const routes: Record<string, Route> = { [self.subnet]: { dst: self.subnet, dev: 'cni0', proto: 'kernel', scope: 'link', src: gateway } };
  const be = config.backend;
  const dev = backendDevice(config);
  if (be.type === 'vxlan') {
    links.push({ name: dev!, kind: 'vxlan', mtu, addresses: [`${subnetIP}/32`], mac: vtepMac(self.node), vni: be.vni, port: be.port, local: self.publicIP });
  } else if (be.type === 'udp') {
    // the TUN's address carries the whole network's prefix, so the kernel's connected route sends it all to flanneld
    links.push({ name: dev!, kind: 'tun', mtu, addresses: [`${subnetIP}/${net.prefix}`] });
    routes[config.network] = { dst: config.network, dev: dev!, proto: 'kernel', scope: 'link', src: subnetIP };
  } else if (be.type === 'wireguard') {
    links.push({ name: dev!, kind: 'wireguard', mtu, addresses: [`${subnetIP}/32`], port: be.port });
    routes[config.network] = { dst: config.network, dev: dev!, scope: 'link' };
  }
  return {
    node: self.node,
    backend: be.type,
    mtu,
    nicMtu,
    publicIP: self.publicIP,
    subnet: self.subnet,
    segment: self.segment,
    subnetEnv: subnetEnv(config, self.subnet, mtu),
    links,
    routes,
    neighbors: {},
    fdb: {},
    udpPeers: {},
    wireguardPeers: {},
    errors: [],
    warnings: [],
  };
}

/**
 * handleSubnetEvents of the configured backend for a batch of lease events, on a copy of `dp`:
 * vxlan adds (or removes) one ARP entry, one FDB entry and one onlink route per remote node, or with
 * DirectRouting a plain route via its public IP when it is on the same L2 segment; host-gw a route via
 * the remote public IP, which the kernel refuses when the remote is on another segment; udp and
 * wireguard a peer entry. The node's own lease is skipped, as flannel's lease watch does.
 */
export function applySubnetEvents(dp: NodeDataplane, config: FlannelConfig, events: SubnetEvent[]): NodeDataplane {
  const out: NodeDataplane = {
    ...dp,
    routes: { ...dp.routes },
    neighbors: { ...dp.neighbors },
    fdb: { ...dp.fdb },
    udpPeers: { ...dp.udpPeers },
    wireguardPeers: { ...dp.wireguardPeers },
    errors: [...dp.errors],
    warnings: [...dp.warnings],
  };
  for (const e of events) if (e.lease.subnet !== dp.subnet) applyOne(out, config, e);
  return out;
}

/** A node's whole dataplane from the cluster's leases: init, then every other lease added. */
export function nodeDataplane(config: FlannelConfig, self: Pick<SubnetLease, 'node' | 'subnet' | 'publicIP' | 'segment'>, leases: SubnetLease[], nicMtu = NIC_MTU): NodeDataplane {
  return applySubnetEvents(initDataplane(config, self, nicMtu), config, leases.map((lease) => ({ type: 'added', lease })));
}

function applyOne(dp: NodeDataplane, config: FlannelConfig, { type, lease }: SubnetEvent): void {
  const be = config.backend;
  const sn = lease.subnet;
  const subnetIP = sn.split('/')[0]!;
  const dev = backendDevice(config);
  switch (be.type) {
    case 'vxlan': {
      if (lease.backendType !== 'vxlan') {
        dp.warnings.push(`ignoring non-vxlan v4Subnet(${sn}) v6Subnet(<nil>): type=${lease.backendType}`);
        return;
      }
      let mac: string;
      try {
        mac = String((JSON.parse(lease.backendData) as { VtepMAC?: unknown }).VtepMAC ?? '');
        if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) throw new Error(`address ${mac}: invalid MAC address`);
      } catch (err) {
        dp.errors.push(`error decoding subnet lease JSON: ${(err as Error).message}`);
        return;
      }
      const direct = be.directRouting && lease.segment === dp.segment;
      // an update replaces whatever the previous lease of this subnet programmed
      removeVxlan(dp, sn, subnetIP);
      if (type === 'removed') return;
      if (direct) {
        dp.routes[sn] = { dst: sn, via: lease.publicIP, dev: 'eth0' };
      } else {
        dp.neighbors[subnetIP] = { ip: subnetIP, lladdr: mac.toLowerCase(), dev: dev! };
        dp.fdb[mac.toLowerCase()] = { mac: mac.toLowerCase(), dst: lease.publicIP, dev: dev! };
        dp.routes[sn] = { dst: sn, via: subnetIP, dev: dev!, onlink: true };
      }
      return;
    }
    case 'host-gw': {
      if (lease.backendType !== 'host-gw') {
        dp.warnings.push(`Ignoring non-host-gw subnet: type=${lease.backendType}`);
        return;
      }
      delete dp.routes[sn];
      dp.errors = dp.errors.filter((e) => !e.startsWith(`Error adding route to ${sn} `));
      if (type === 'removed') return;
      // host-gw's next hop must be on a directly connected network: another segment is ENETUNREACH
      if (lease.segment !== dp.segment) {
        dp.errors.push(`Error adding route to ${sn} via ${lease.publicIP}: network is unreachable`);
        return;
      }
      dp.routes[sn] = { dst: sn, via: lease.publicIP, dev: 'eth0' };
      return;
    }
    case 'udp': {
      if (type === 'removed') delete dp.udpPeers[sn];
      else dp.udpPeers[sn] = { subnet: sn, endpoint: `${lease.publicIP}:${be.port}` };
      return;
    }
    case 'wireguard': {
      if (lease.backendType !== 'wireguard') {
        dp.warnings.push(`Ignoring non-wireguard subnet: type=${lease.backendType}`);
        return;
      }
      if (type === 'removed') {
        delete dp.wireguardPeers[sn];
        return;
      }
      let publicKey = '';
      try {
        publicKey = String((JSON.parse(lease.backendData) as { PublicKey?: unknown }).PublicKey ?? '');
      } catch (err) {
        dp.errors.push(`failed to unmarshal BackendData: ${(err as Error).message}`);
        return;
      }
      dp.wireguardPeers[sn] = { publicKey, endpoint: `${lease.publicIP}:${be.port}`, allowedIPs: [sn] };
      return;
    }
  }
}

function removeVxlan(dp: NodeDataplane, sn: string, subnetIP: string): void {
  const neighbor = dp.neighbors[subnetIP];
  if (neighbor) {
    delete dp.fdb[neighbor.lladdr];
    delete dp.neighbors[subnetIP];
  }
  delete dp.routes[sn];
}
