import type { Node, Pod } from 'kubernetes-types/core/v1';
import { BACKEND_TYPE_ANNOTATION, PUBLIC_IP_ANNOTATION } from '../../../shared/network/flannel-annotations';

/** A node in the pod network: its pod subnet (spec.podCIDR from node-ipam), flannel's lease on it, and its pods with addresses. */
export interface SubnetRow {
  node: string;
  zone: string;
  podCIDR: string;
  /** flannel.alpha.coreos.com/backend-type ('' for udp, undefined before flanneld has written its lease). */
  backend?: string;
  publicIP?: string;
  pods: number;
}

export function subnetRows(nodes: readonly Node[], pods: readonly Pod[]): SubnetRow[] {
  const withIP = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName && p.status?.podIP && !p.spec.hostNetwork) withIP.set(p.spec.nodeName, (withIP.get(p.spec.nodeName) ?? 0) + 1);
  return nodes
    .map((n) => {
      const a = n.metadata?.annotations ?? {};
      const node = n.metadata?.name ?? '';
      return { node, zone: n.metadata?.labels?.['topology.kubernetes.io/zone'] ?? '', podCIDR: n.spec?.podCIDR ?? '', backend: a[BACKEND_TYPE_ANNOTATION], publicIP: a[PUBLIC_IP_ANNOTATION], pods: withIP.get(node) ?? 0 };
    })
    .sort((a, b) => a.node.localeCompare(b.node, 'en', { numeric: true }));
}

/**
 * Pods a path can start or end at: placed on a node and given an address, by namespace/name. A host-network pod
 * has its node's address, and a path from or to it is the node's own traffic (docs/network.md).
 */
export function routablePods(pods: readonly Pod[]): Pod[] {
  return pods
    .filter((p) => p.spec?.nodeName && p.status?.podIP && !p.metadata?.deletionTimestamp)
    .sort((a, b) => `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.metadata?.namespace}/${b.metadata?.name}`, 'en', { numeric: true }));
}

/** The status of a NetworkPath (kubeflare.dev/v1alpha1, docs/network.md), as much as the view shows. */
export interface NetworkPathStatus {
  verdict?: 'Reachable' | 'Unreachable' | 'Denied';
  reachable?: boolean;
  reason?: string;
  source?: { pod?: string; node?: string; ip?: string };
  destination?: { pod?: string; node?: string; ip?: string; port?: number; protocol?: string };
  hops?: { node?: string; pod?: string; device: string; detail: string }[];
  backend?: string;
  encapsulation?: string;
  mtu?: number;
  sameNode?: boolean;
  latencyMicroseconds?: number;
  throughputMbps?: number;
  policy?: {
    allowed: boolean;
    message: string;
    egress: { allowed: boolean; isolated: boolean; policies: string[]; message: string };
    ingress: { allowed: boolean; isolated: boolean; policies: string[]; message: string };
  };
  cniErrors?: string[];
}
