import type { Node, Pod, PodIP } from 'kubernetes-types/core/v1';

/**
 * How the kubelet gives a pod its network (kuberuntime's NamespaceOption.Network): `NODE` for a pod with
 * `spec.hostNetwork` — the sandbox joins the node's own network namespace, so no CNI ADD runs, nothing is
 * taken from host-local IPAM and no bandwidth or portmap plugin is called; its address is the node's — or
 * `POD`, a sandbox network of its own that CNI sets up from the node's podCIDR.
 */
export type SandboxNetwork =
  /** `ip`: the node's InternalIP, absent while the node has none. */
  | { mode: 'NODE'; ip?: string }
  /** `podCIDR`: the range host-local allocates from, absent while node IPAM has not given the node one. */
  | { mode: 'POD'; podCIDR?: string };

/** Whether the pod shares its node's network namespace (kubecontainer.IsHostNetworkPod). */
export function isHostNetworkPod(pod: Pod): boolean {
  return pod.spec?.hostNetwork === true;
}

/**
 * The node's IPs as the kubelet reports them in status.hostIPs (nodeutil.GetNodeHostIPs): the first of its
 * InternalIPs, else of its ExternalIPs, then the first address of the other IP family when it has one.
 * @example nodeHostIPs(node) // ['10.0.0.11']
 */
export function nodeHostIPs(node: Node): string[] {
  const addrs = node.status?.addresses ?? [];
  const all = [...addrs.filter((a) => a.type === 'InternalIP'), ...addrs.filter((a) => a.type === 'ExternalIP')].map((a) => a.address);
  if (!all.length) return [];
  const v6 = (ip: string) => ip.includes(':');
  const other = all.find((ip) => v6(ip) !== v6(all[0]!));
  return other ? [all[0]!, other] : [all[0]!];
}

/** The node's primary address, status.hostIP (undefined while it has none). */
export function nodeHostIP(node: Node): string | undefined {
  return nodeHostIPs(node)[0];
}

/**
 * The sandbox network the kubelet sets up for `pod` on `node`.
 * @example sandboxNetwork({ spec: { hostNetwork: true, containers: [] } }, node) // { mode: 'NODE', ip: '10.0.0.11' }
 */
export function sandboxNetwork(pod: Pod, node: Node): SandboxNetwork {
  if (isHostNetworkPod(pod)) {
    const ip = nodeHostIP(node);
    return ip ? { mode: 'NODE', ip } : { mode: 'NODE' };
  }
  const podCIDR = node.spec?.podCIDRs?.[0] ?? node.spec?.podCIDR;
  return podCIDR ? { mode: 'POD', podCIDR } : { mode: 'POD' };
}

/**
 * status.podIP and status.podIPs as generateAPIPodStatus fills them: a host-network pod inherits its node's
 * IPs (`hostIPs`, nodeHostIPs) as soon as the kubelet knows them, from its first status on, before its
 * sandbox runs; any other pod shows the IP CNI gave its sandbox once the sandbox is up.
 */
export function statusPodIPs(pod: Pod, hostIPs: string[], sandboxIP: string | undefined, sandboxUp: boolean): { podIP?: string; podIPs?: PodIP[] } {
  const ips = isHostNetworkPod(pod) ? hostIPs : sandboxUp && sandboxIP ? [sandboxIP] : [];
  return ips.length ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {};
}
