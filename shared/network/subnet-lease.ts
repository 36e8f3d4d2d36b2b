import type { Node } from 'kubernetes-types/core/v1';
import { parseCidr, parseIPv4, formatCidr } from '../nodes/ipv4';
import { BACKEND_DATA_ANNOTATION, BACKEND_TYPE_ANNOTATION, KUBE_SUBNET_MANAGER_ANNOTATION, PUBLIC_IP_ANNOTATION } from './flannel-annotations';

/** The label that names a node's zone; a zone is modelled as one L2 segment. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** A node as flannel's kube subnet manager sees it (nodeToLease): its subnet and what its annotations publish. */
export interface SubnetLease {
  node: string;
  /** The node's podCIDR. */
  subnet: string;
  publicIP: string;
  backendType: string;
  /** The backend-data annotation, raw JSON. */
  backendData: string;
  /** The L2 segment the node's NIC is on (its zone); host-gw and DirectRouting need the same segment. */
  segment: string;
}

export type LeaseResult = { ok: true; lease: SubnetLease } | { ok: false; error: string };

/**
 * nodeToLease for a node flannel manages (`kube-subnet-manager: "true"`); a node not yet annotated is no
 * lease at all (flannel skips it), a bad public IP or podCIDR is flannel's error.
 */
export function leaseOf(node: Node): LeaseResult | undefined {
  const a = node.metadata?.annotations ?? {};
  if (a[KUBE_SUBNET_MANAGER_ANNOTATION] !== 'true') return undefined;
  const name = node.metadata?.name ?? '';
  if (parseIPv4(a[PUBLIC_IP_ANNOTATION] ?? '') === undefined) return { ok: false, error: 'Invalid IP address format' };
  const cidrText = node.spec?.podCIDRs?.[0] ?? node.spec?.podCIDR ?? '';
  const cidr = parseCidr(cidrText);
  if (!cidr) return { ok: false, error: `invalid CIDR address: ${cidrText}` };
  return {
    ok: true,
    lease: {
      node: name,
      subnet: formatCidr(cidr),
      publicIP: a[PUBLIC_IP_ANNOTATION]!,
      backendType: a[BACKEND_TYPE_ANNOTATION] ?? '',
      backendData: a[BACKEND_DATA_ANNOTATION] ?? '',
      segment: node.metadata?.labels?.[ZONE_LABEL] ?? '',
    },
  };
}
