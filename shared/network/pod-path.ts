import { hexDigest } from '../nodes/hash';
import type { BackendType } from './flannel-config';
import type { NodeDataplane } from './node-dataplane';
import { pathCost } from './path-cost';
import { formatRoute, longestPrefixMatch, lookupRoute } from './route-lookup';

/** One end of a path: a pod's IP on a node. */
export interface PathEndpoint {
  /** `namespace/name`. */
  pod: string;
  uid: string;
  node: string;
  ip: string;
  /** The pod shares its node's network namespace (spec.hostNetwork): `ip` is the node's, it has no veth. */
  hostNetwork?: boolean;
}

/** One place a packet passes: where (pod or node), which device, what happens there. */
export interface Hop {
  node?: string;
  pod?: string;
  device: string;
  detail: string;
}

export interface PodPath {
  reachable: boolean;
  /** Why not, when not reachable. */
  reason?: string;
  hops: Hop[];
  /** `none`, `VXLAN (VNI 1, UDP 8472)`, `UDP via flanneld (port 8285)`, `WireGuard (UDP 51820)`. */
  encapsulation: string;
  /** What the packet's cost is modelled as: the backend, or host-gw for a plain route (DirectRouting). */
  effectiveBackend: BackendType;
  /** The pods' interface MTU (FLANNEL_MTU): the largest packet the path takes unfragmented. */
  mtu: number;
  sameNode: boolean;
  sameSegment: boolean;
  latencyMicroseconds?: number;
  throughputMbps?: number;
}

/** The host side of a pod's veth pair: the bridge plugin's random name, derived from the pod's UID here. */
export function hostVethName(podUid: string): string {
  return `veth${hexDigest(`veth:${podUid}`, 8)}`;
}

/**
 * A packet from one pod to another through the flannel dataplanes of their nodes: the source pod's eth0,
 * its veth and cni0, (kube-proxy's DNAT when addressed to a Service), then either the bridge again (same
 * node) or the route the source node's table picks — vxlan's onlink route, ARP and FDB entries and the
 * encapsulation; a plain route via the remote node (host-gw, DirectRouting); flannel0 and flanneld (udp);
 * flannel-wg (wireguard) — the remote node's decapsulation, cni0 and the destination pod. Unreachable
 * when a table lacks the entry it needs, in either direction. A pod on its node's network (hostNetwork)
 * sends and receives as its node: no eth0, veth or cni0 of its own; addressed to it, a packet from another
 * node crosses the node network unencapsulated (a pod's source masqueraded to its node's address).
 */
export function tracePodToPod(
  src: { endpoint: PathEndpoint; dataplane: NodeDataplane },
  dst: { endpoint: PathEndpoint; dataplane: NodeDataplane },
  opts: { port?: number; protocol?: string; dnat?: { from: string; to: string }; before?: Hop[] } = {},
): PodPath {
  const s = src.endpoint;
  const d = dst.endpoint;
  const sdp = src.dataplane;
  const ddp = dst.dataplane;
  const target = `${d.ip}${opts.port ? `:${opts.port}` : ''}${opts.protocol ? `/${opts.protocol}` : ''}`;
  const sameNode = s.node === d.node;
  const sameSegment = sdp.segment === ddp.segment;
  // a pod on its node's network sends and receives as the node: the NIC's MTU, no veth, no bridge
  const endMtu = (e: PathEndpoint, dp: NodeDataplane) => (e.hostNetwork ? dp.nicMtu : dp.mtu);
  const overNodeNetwork = !sameNode && !!d.hostNetwork;
  const mtu = sameNode || overNodeNetwork ? Math.min(endMtu(s, sdp), endMtu(d, ddp)) : Math.min(sdp.mtu, ddp.mtu);
  const hops: Hop[] = s.hostNetwork
    ? [{ pod: s.pod, node: s.node, device: 'host network', detail: `${s.ip} → ${target}: the pod shares node ${s.node}'s network namespace (hostNetwork), MTU ${sdp.nicMtu}` }]
    : [
        { pod: s.pod, device: 'eth0', detail: `${s.ip} → ${target}, MTU ${sdp.mtu}` },
        { node: s.node, device: `${hostVethName(s.uid)} → cni0`, detail: `veth pair into bridge cni0 (gateway ${sdp.subnetEnv.FLANNEL_SUBNET!.split('/')[0]})` },
      ];
  hops.push(...(opts.before ?? []));
  if (opts.dnat) hops.push({ node: s.node, device: 'kube-proxy', detail: `DNAT ${opts.dnat.from} → ${opts.dnat.to}` });
  const arrive = (): void => {
    if (d.hostNetwork) {
      hops.push({ pod: d.pod, node: d.node, device: 'host network', detail: `delivered to ${d.ip}, node ${d.node}'s own address: the pod shares its network namespace (hostNetwork)` });
      return;
    }
    hops.push({ node: d.node, device: `cni0 → ${hostVethName(d.uid)}`, detail: `route ${formatRoute(ddp.routes.get(ddp.subnet)!)}` });
    hops.push({ pod: d.pod, device: 'eth0', detail: `delivered to ${d.ip}` });
  };
  const vethSides = (s.hostNetwork ? 0 : 1) + (d.hostNetwork ? 0 : 1);
  const result = (reachable: boolean, encapsulation: string, effectiveBackend: BackendType, reason?: string): PodPath => ({
    reachable,
    ...(reason ? { reason } : {}),
    hops,
    encapsulation,
    effectiveBackend,
    mtu,
    sameNode,
    sameSegment,
    ...(reachable ? pathCost({ backend: effectiveBackend, mtu, sameNode, sameSegment, viaService: !!opts.dnat, vethSides }) : {}),
  });

  if (sameNode) {
    arrive();
    return result(true, 'none', sdp.backend);
  }
  if (overNodeNetwork) {
    // a node's address is outside the pod network: no flannel route, the node network carries it as is;
    // a pod's packet leaving the pod network is masqueraded to its node's address on the way out
    const masq = s.hostNetwork ? '' : `; masqueraded ${s.ip} → ${sdp.publicIP} (leaving the pod network)`;
    hops.push({ node: s.node, device: 'eth0', detail: `${d.ip} is node ${d.node}'s address: over the node network, no encapsulation${masq}` });
    hops.push({ node: d.node, device: 'eth0', detail: `from ${sdp.publicIP}${sameSegment ? '' : ` (another L2 segment: ${sdp.segment || '-'} → ${ddp.segment || '-'})`}` });
    arrive();
    return result(true, 'none', 'host-gw');
  }
  const route = lookupRoute(sdp.routes, d.ip);
  if (!route || route.dev === 'cni0') {
    const why = sdp.errors.get(ddp.subnet);
    return result(false, 'none', sdp.backend, `no route to ${d.ip} on node ${s.node}${why ? ` (flanneld: ${why})` : ''}`);
  }
  let encapsulation = 'none';
  let effective: BackendType = 'host-gw';
  let decap: Hop | undefined;
  let underlayDst: string;
  if (route.dev === 'eth0') {
    hops.push({ node: s.node, device: 'eth0', detail: `route ${formatRoute(route)}, no encapsulation` });
    underlayDst = route.via!;
  } else if (sdp.backend === 'vxlan') {
    const arp = route.via ? sdp.neighbors.get(route.via) : undefined;
    const fdb = arp ? sdp.fdb.get(arp.lladdr) : undefined;
    if (!arp || !fdb) return result(false, 'none', 'vxlan', `no ${arp ? 'FDB' : 'ARP'} entry for ${route.via} on ${route.dev} of node ${s.node}`);
    const vx = sdp.links.find((l) => l.name === route.dev)!;
    encapsulation = `VXLAN (VNI ${vx.vni}, UDP ${vx.port})`;
    effective = 'vxlan';
    hops.push({ node: s.node, device: route.dev, detail: `route ${formatRoute(route)}; ARP ${arp.ip} → ${arp.lladdr}; FDB ${fdb.mac} → ${fdb.dst}; encapsulated in VXLAN VNI ${vx.vni}` });
    hops.push({ node: s.node, device: 'eth0', detail: `UDP ${sdp.publicIP} → ${fdb.dst}:${vx.port}, outer MTU ${sdp.nicMtu}` });
    underlayDst = fdb.dst;
    decap = { node: d.node, device: route.dev, detail: `VXLAN VNI ${vx.vni} decapsulated` };
  } else if (sdp.backend === 'udp') {
    const peer = longestPrefixMatch(sdp.udpPeers, d.ip);
    if (!peer) return result(false, 'none', 'udp', `flanneld on node ${s.node} knows no subnet holding ${d.ip}`);
    encapsulation = `UDP via flanneld (port ${peer.endpoint.split(':')[1]})`;
    effective = 'udp';
    hops.push({ node: s.node, device: 'flannel0', detail: `route ${formatRoute(route)}; TUN read by flanneld in user space, sent to ${peer.endpoint}` });
    hops.push({ node: s.node, device: 'eth0', detail: `UDP ${sdp.publicIP} → ${peer.endpoint}` });
    underlayDst = peer.endpoint.split(':')[0]!;
    decap = { node: d.node, device: 'flannel0', detail: 'flanneld receives in user space and writes to the TUN' };
  } else {
    const peer = longestPrefixMatch(sdp.wireguardPeers, d.ip);
    if (!peer) return result(false, 'none', 'wireguard', `flannel-wg on node ${s.node} has no peer allowing ${d.ip}`);
    encapsulation = `WireGuard (UDP ${peer.endpoint.split(':')[1]})`;
    effective = 'wireguard';
    hops.push({ node: s.node, device: 'flannel-wg', detail: `route ${formatRoute(route)}; encrypted for peer ${peer.publicKey}` });
    hops.push({ node: s.node, device: 'eth0', detail: `UDP ${sdp.publicIP} → ${peer.endpoint}` });
    underlayDst = peer.endpoint.split(':')[0]!;
    decap = { node: d.node, device: 'flannel-wg', detail: 'decrypted' };
  }
  if (underlayDst !== ddp.publicIP) {
    return result(false, encapsulation, effective, `node ${s.node} sends ${d.ip} to ${underlayDst}, not to node ${d.node} (${ddp.publicIP})`);
  }
  hops.push({ node: d.node, device: 'eth0', detail: `from ${sdp.publicIP}${sameSegment ? '' : ` (another L2 segment: ${sdp.segment || '-'} → ${ddp.segment || '-'})`}` });
  if (decap) hops.push(decap);
  // a reply to a pod on its node's network is addressed to the node: the node network carries it back
  const back = s.hostNetwork ? undefined : lookupRoute(ddp.routes, s.ip);
  if (!s.hostNetwork && (!back || back.dev === 'cni0')) {
    arrive();
    const why = ddp.errors.get(sdp.subnet);
    return result(false, encapsulation, effective, `no route back to ${s.ip} on node ${d.node}${why ? ` (flanneld: ${why})` : ''}`);
  }
  arrive();
  return result(true, encapsulation, effective);
}
