import type { Node } from 'kubernetes-types/core/v1';
import { cidrContains, parseCidr } from '../nodes/ipv4';
import { nodePublicIP } from './flannel-annotations';
import type { FlannelConfig } from './flannel-config';
import { nodeDataplane, type NodeDataplane } from './node-dataplane';
import { leaseOf, ZONE_LABEL, type SubnetLease } from './subnet-lease';

/** Every lease the cluster's nodes publish, plus flannel's complaint about each node it cannot read. */
export function clusterLeases(nodes: Node[]): { leases: SubnetLease[]; errors: Record<string, string> } {
  const leases: SubnetLease[] = [];
  const errors: Record<string, string> = {};
  for (const n of nodes) {
    const r = leaseOf(n);
    if (!r) continue;
    if (r.ok) leases.push(r.lease);
    else errors[n.metadata?.name ?? ''] = `Error turning node "${n.metadata?.name}" to lease: ${r.error}`;
  }
  return { leases, errors };
}

export type NodeDataplaneResult = { ok: true; dataplane: NodeDataplane } | { ok: false; error: string };

/**
 * Why flanneld on `node` cannot hold its lease (AcquireLease): no podCIDR yet, a podCIDR the Network does not
 * contain, or no InternalIP to publish; undefined when it can.
 */
export function acquireLeaseError(config: FlannelConfig, node: Node): string | undefined {
  const name = node.metadata?.name ?? '';
  const podCIDR = node.spec?.podCIDRs?.[0] ?? node.spec?.podCIDR;
  if (!podCIDR) return `failed to acquire lease: node "${name}" pod cidr not assigned`;
  const sn = parseCidr(podCIDR);
  const net = parseCidr(config.network)!;
  if (!sn || sn.prefix < net.prefix || !cidrContains(net, sn.base)) {
    return `failed to acquire lease: subnet "${config.network}" specified in the flannel net config doesn't contain "${podCIDR}" PodCIDR of the "${name}" node`;
  }
  if (!nodePublicIP(node)) return `failed to find any valid interface to use: node "${name}" has no InternalIP`;
  return undefined;
}

/** flanneld on `node`: its lease from its own podCIDR (AcquireLease's errors when it cannot), then the dataplane programmed from every other node's lease. */
export function dataplaneOfNode(config: FlannelConfig, node: Node, leases: SubnetLease[]): NodeDataplaneResult {
  const error = acquireLeaseError(config, node);
  if (error) return { ok: false, error };
  const podCIDR = (node.spec?.podCIDRs?.[0] ?? node.spec?.podCIDR)!;
  return { ok: true, dataplane: nodeDataplane(config, { node: node.metadata?.name ?? '', subnet: podCIDR, publicIP: nodePublicIP(node)!, segment: node.metadata?.labels?.[ZONE_LABEL] ?? '' }, leases) };
}
