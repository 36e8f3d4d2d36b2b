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
 * in Maps keyed (routes by destination, ARP by IP, FDB by MAC, peers and per-lease errors by subnet) so
 * that a lease event replaces or removes its entries in O(1), as RouteReplace and neighbour updates do,
 * and a copy for the next event is cheap at thousands of nodes.
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
  routes: Map<string, Route>;
  neighbors: Map<string, Neighbor>;
  fdb: Map<string, FdbEntry>;
  udpPeers: Map<string, UdpPeer>;
  wireguardPeers: Map<string, WireguardPeer>;
  /** flanneld's errors for leases it could not program (host-gw to another segment, undecodable data), by subnet. */
  errors: Map<string, string>;
  /** Leases flanneld ignored (another backend's type), by subnet. */
  warnings: Map<string, string>;
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
  const routes = new Map<string, Route>([[self.subnet, { dst: self.subnet, dev: 'cni0', proto: 'kernel', scope: 'link', src: gateway }]]);
  const be = config.backend;
  const dev = backendDevice(config);
  if (be.type === 'vxlan') {
    links.push({ name: dev!, kind: 'vxlan', mtu, addresses: [`${subnetIP}/32`], mac: vtepMac(self.node), vni: be.vni, port: be.port, local: self.publicIP });
  } else if (be.type === 'udp') {
    // the TUN's address carries the whole network's prefix, so the kernel's connected route sends it all to flanneld
    links.push({ name: dev!, kind: 'tun', mtu, addresses: [`${subnetIP}/${net.prefix}`] });
    routes.set(config.network, { dst: config.network, dev: dev!, proto: 'kernel', scope: 'link', src: subnetIP });
  } else if (be.type === 'wireguard') {
    links.push({ name: dev!, kind: 'wireguard', mtu, addresses: [`${subnetIP}/32`], port: be.port });
    routes.set(config.network, { dst: config.network, dev: dev!, scope: 'link' });
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
    neighbors: new Map(),
    fdb: new Map(),
    udpPeers: new Map(),
    wireguardPeers: new Map(),
    errors: new Map(),
    warnings: new Map(),
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
    routes: new Map(dp.routes),
    neighbors: new Map(dp.neighbors),
    fdb: new Map(dp.fdb),
    udpPeers: new Map(dp.udpPeers),
    wireguardPeers: new Map(dp.wireguardPeers),
    errors: new Map(dp.errors),
    warnings: new Map(dp.warnings),
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
  dp.errors.delete(sn);
  dp.warnings.delete(sn);
  switch (be.type) {
    case 'vxlan': {
      if (lease.backendType !== 'vxlan') {
        dp.warnings.set(sn, `ignoring non-vxlan v4Subnet(${sn}) v6Subnet(<nil>): type=${lease.backendType}`);
        return;
      }
      let mac: string;
      try {
        mac = String((JSON.parse(lease.backendData) as { VtepMAC?: unknown }).VtepMAC ?? '');
        if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) throw new Error(`address ${mac}: invalid MAC address`);
      } catch (err) {
        dp.errors.set(sn, `error decoding subnet lease JSON: ${(err as Error).message}`);
        return;
      }
      const direct = be.directRouting && lease.segment === dp.segment;
      // an update replaces whatever the previous lease of this subnet programmed
      removeVxlan(dp, sn, subnetIP);
      if (type === 'removed') return;
      if (direct) {
        dp.routes.set(sn, { dst: sn, via: lease.publicIP, dev: 'eth0' });
      } else {
        const lladdr = mac.toLowerCase();
        dp.neighbors.set(subnetIP, { ip: subnetIP, lladdr, dev: dev! });
        dp.fdb.set(lladdr, { mac: lladdr, dst: lease.publicIP, dev: dev! });
        dp.routes.set(sn, { dst: sn, via: subnetIP, dev: dev!, onlink: true });
      }
      return;
    }
    case 'host-gw': {
      if (lease.backendType !== 'host-gw') {
        dp.warnings.set(sn, `Ignoring non-host-gw subnet: type=${lease.backendType}`);
        return;
      }
      dp.routes.delete(sn);
      if (type === 'removed') return;
      // host-gw's next hop must be on a directly connected network: another segment is ENETUNREACH
      if (lease.segment !== dp.segment) {
        dp.errors.set(sn, `Error adding route to ${sn} via ${lease.publicIP}: network is unreachable`);
        return;
      }
      dp.routes.set(sn, { dst: sn, via: lease.publicIP, dev: 'eth0' });
      return;
    }
    case 'udp': {
      if (type === 'removed') dp.udpPeers.delete(sn);
      else dp.udpPeers.set(sn, { subnet: sn, endpoint: `${lease.publicIP}:${be.port}` });
      return;
    }
    case 'wireguard': {
      if (lease.backendType !== 'wireguard') {
        dp.warnings.set(sn, `Ignoring non-wireguard subnet: type=${lease.backendType}`);
        return;
      }
      if (type === 'removed') {
        dp.wireguardPeers.delete(sn);
        return;
      }
      let publicKey = '';
      try {
        publicKey = String((JSON.parse(lease.backendData) as { PublicKey?: unknown }).PublicKey ?? '');
      } catch (err) {
        dp.errors.set(sn, `failed to unmarshal BackendData: ${(err as Error).message}`);
        return;
      }
      dp.wireguardPeers.set(sn, { publicKey, endpoint: `${lease.publicIP}:${be.port}`, allowedIPs: [sn] });
      return;
    }
  }
}

function removeVxlan(dp: NodeDataplane, sn: string, subnetIP: string): void {
  const neighbor = dp.neighbors.get(subnetIP);
  if (neighbor) {
    dp.fdb.delete(neighbor.lladdr);
    dp.neighbors.delete(subnetIP);
  }
  dp.routes.delete(sn);
}
