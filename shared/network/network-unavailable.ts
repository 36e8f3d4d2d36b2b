import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { acquireLeaseError } from './cluster-dataplane';
import { nodePublicIP } from './flannel-annotations';
import type { FlannelConfigResult } from './flannel-config';

export const NETWORK_UNAVAILABLE = 'NetworkUnavailable';

/** The condition flanneld's kube subnet manager patches once it holds its lease (kube.go setNodeNetworkUnavailableFalse). */
export const FLANNEL_IS_UP = { status: 'False', reason: 'FlannelIsUp', message: 'Flannel is running on this node' } as const;

/**
 * Why no pod network route exists: flannel itself only ever writes False; True is the kubelet's and the route
 * controller's `NoRouteCreated` ("Node created without a route"), which is what a node shows when flanneld
 * cannot start there. The message carries flanneld's fatal error instead, so the cause is on the node.
 */
export const NO_ROUTE_CREATED = 'NoRouteCreated';

export interface NetworkCondition {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/**
 * NetworkUnavailable for `node` under `conf`: flanneld exits on an invalid net-conf.json (`Failed to create
 * SubnetManager: error parsing subnet config: …`) or a podCIDR outside the Network (AcquireLease's error), so
 * True/NoRouteCreated with that error; with its lease it is False/FlannelIsUp. Undefined while the node has no
 * podCIDR (flanneld waits for node IPAM) or no InternalIP (no kubelet, so no flanneld pod) — nothing to say.
 * @example networkCondition({ ok: false, error: 'unknown backend type: x' }, node).message // 'Failed to create SubnetManager: error parsing subnet config: unknown backend type: x'
 */
export function networkCondition(conf: FlannelConfigResult, node: Node): NetworkCondition | undefined {
  // flannel is a DaemonSet: a Node no kubelet reports addresses for (a bare object) runs no flanneld
  if (!nodePublicIP(node)) return undefined;
  if (!conf.ok) return { status: 'True', reason: NO_ROUTE_CREATED, message: `Failed to create SubnetManager: error parsing subnet config: ${conf.error}` };
  if (!(node.spec?.podCIDRs?.[0] ?? node.spec?.podCIDR)) return undefined;
  const error = acquireLeaseError(conf.config, node);
  if (error) return { status: 'True', reason: NO_ROUTE_CREATED, message: error };
  return { ...FLANNEL_IS_UP };
}

/**
 * The NetworkUnavailable condition to patch onto `node`, or undefined when it already says `want`
 * (flannel patches on a difference only). Heartbeat and transition times are `now`, as flannel stamps both.
 */
export function networkConditionPatch(node: Node, want: NetworkCondition | undefined, now: string): NodeCondition | undefined {
  if (!want) return undefined;
  const cur = node.status?.conditions?.find((c) => c.type === NETWORK_UNAVAILABLE);
  if (cur && cur.status === want.status && cur.reason === want.reason && cur.message === want.message) return undefined;
  return { type: NETWORK_UNAVAILABLE, ...want, lastHeartbeatTime: now, lastTransitionTime: cur && cur.status === want.status ? cur.lastTransitionTime : now };
}
