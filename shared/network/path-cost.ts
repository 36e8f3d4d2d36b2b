import { ENCAP_OVERHEAD } from './backend-mtu';
import type { BackendType } from './flannel-config';

/** The simulated NICs' line rate. */
export const LINK_MBPS = 10_000;

/**
 * The cost model behind a path's latency and throughput, per backend, in microseconds. Sources of the
 * shape (not the exact numbers): host-gw is plain kernel routing; vxlan adds an encapsulation in the
 * kernel on each side; wireguard adds encryption; udp copies every packet to flanneld in user space and
 * back on each side (flannel's docs call it a debugging backend).
 */
export const PATH_COSTS = {
  /** A veth pair plus the cni0 bridge, per side. */
  vethBridgeUs: 2,
  /** NIC to NIC on one L2 segment (one zone), one way. */
  sameSegmentUs: 50,
  /** NIC to NIC across segments (zones), one way. */
  crossSegmentUs: 500,
  /** kube-proxy's DNAT of a ClusterIP. */
  serviceNatUs: 1,
  /** Encapsulation (or encryption, or the user-space round trip) per side. */
  encapUs: { 'host-gw': 0, vxlan: 6, wireguard: 12, udp: 35 } satisfies Record<BackendType, number>,
  /** CPU per packet on one flow, which bounds its packet rate. */
  perPacketUs: { 'host-gw': 0.4, vxlan: 0.8, wireguard: 2, udp: 9 } satisfies Record<BackendType, number>,
  /** A packet through the bridge only (pods on one node). */
  sameNodePerPacketUs: 0.3,
};

/** TCP/IPv4 headers inside the MTU, and Ethernet framing (header, FCS, preamble, gap) outside it. */
const TCP_IP_HEADERS = 40;
const ETHERNET_FRAMING = 38;

export interface PathCost {
  latencyMicroseconds: number;
  throughputMbps: number;
}

/**
 * One-way latency and one TCP flow's throughput between two pods: on one node, the bridge only; across
 * nodes, both sides' veth and bridge, the backend's per-side cost and the wire (more across segments),
 * with the throughput the lower of the line rate times the share of each frame that is payload and the
 * packet rate the backend's per-packet CPU allows.
 *
 * @example pathCost({ backend: 'vxlan', mtu: 1450, sameNode: false, sameSegment: true }) // { latencyMicroseconds: 66, throughputMbps: 9167.8 }
 */
export function pathCost(p: { backend: BackendType; mtu: number; sameNode: boolean; sameSegment: boolean; viaService?: boolean; vethSides?: number }): PathCost {
  const payload = p.mtu - TCP_IP_HEADERS;
  const nat = p.viaService ? PATH_COSTS.serviceNatUs : 0;
  // an end on its node's network (hostNetwork) has no veth pair and no bridge to cross
  const veth = (p.vethSides ?? 2) * PATH_COSTS.vethBridgeUs;
  if (p.sameNode) {
    return { latencyMicroseconds: veth + nat, throughputMbps: round((payload * 8) / PATH_COSTS.sameNodePerPacketUs) };
  }
  const wire = p.sameSegment ? PATH_COSTS.sameSegmentUs : PATH_COSTS.crossSegmentUs;
  const latency = veth + 2 * PATH_COSTS.encapUs[p.backend] + wire + nat;
  const lineBound = (LINK_MBPS * payload) / (p.mtu + ENCAP_OVERHEAD[p.backend] + ETHERNET_FRAMING);
  const cpuBound = (payload * 8) / PATH_COSTS.perPacketUs[p.backend];
  return { latencyMicroseconds: latency, throughputMbps: round(Math.min(lineBound, cpuBound)) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
