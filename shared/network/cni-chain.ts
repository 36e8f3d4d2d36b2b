import type { Pod } from 'kubernetes-types/core/v1';
import { hexDigest } from '../nodes/hash';
import { isHostNetworkPod } from '../nodes/pod-network';
import type { NodeDataplane } from './node-dataplane';
import { hostVethName } from './pod-path';

/**
 * The CNI network configuration list the nodes run: kube-flannel.yml's cni-conf.json (flannel delegating,
 * then portmap) with the bandwidth plugin added so `kubernetes.io/*-bandwidth` annotations take effect.
 */
export const FLANNEL_CONFLIST = {
  name: 'cbr0',
  cniVersion: '0.3.1',
  plugins: [
    { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
    { type: 'portmap', capabilities: { portMappings: true } },
    { type: 'bandwidth', capabilities: { bandwidth: true } },
  ],
};

/**
 * What the flannel CNI plugin delegates to, built from subnet.env: the bridge plugin on cni0 with the flannel
 * MTU, as the gateway, masquerading only when flanneld does not (ipMasq = !FLANNEL_IPMASQ), and host-local
 * IPAM over the node's subnet with a route to the whole flannel network.
 */
export function delegatedBridgeConf(env: Record<string, string>): Record<string, unknown> {
  return {
    cniVersion: FLANNEL_CONFLIST.cniVersion,
    name: FLANNEL_CONFLIST.name,
    type: 'bridge',
    bridge: 'cni0',
    mtu: Number(env.FLANNEL_MTU),
    isGateway: true,
    ipMasq: env.FLANNEL_IPMASQ !== 'true',
    hairpinMode: true,
    isDefaultGateway: true,
    ipam: { type: 'host-local', ranges: [[{ subnet: env.FLANNEL_SUBNET }]], routes: [{ dst: env.FLANNEL_NETWORK }] },
  };
}

/** A locally administered unicast MAC derived from `seed` (the kernel's would be random; a replay stays byte-identical). */
export function localMac(seed: string): string {
  const b = hexDigest(seed, 12).match(/../g)!.map((x) => parseInt(x, 16));
  b[0] = (b[0]! & 0xfe) | 0x02;
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/**
 * The bridge plugin's ADD result for a pod that has its IP (none for a pod on the host's network): interfaces cni0, the host veth and the pod's
 * eth0 (in its network namespace), the address with the cni0 gateway on interface 2, the route to the
 * flannel network and, with isDefaultGateway, the default route via the gateway. MACs and the netns name
 * are derived from the pod's UID, as the kernel's would be random.
 */
export function cniAddResult(pod: Pod, dp: Pick<NodeDataplane, 'node' | 'subnetEnv'>): Record<string, unknown> | undefined {
  const ip = pod.status?.podIP;
  // a pod on the host's network has no sandbox network: CNI is never called for it
  if (!ip || isHostNetworkPod(pod)) return undefined;
  const uid = pod.metadata?.uid ?? '';
  const [gateway, prefix] = dp.subnetEnv.FLANNEL_SUBNET!.split('/');
  return {
    cniVersion: FLANNEL_CONFLIST.cniVersion,
    interfaces: [
      { name: 'cni0', mac: localMac(`cni0:${dp.node}`) },
      { name: hostVethName(uid), mac: localMac(`veth:${uid}`) },
      { name: 'eth0', mac: localMac(`eth0:${uid}`), sandbox: `/var/run/netns/cni-${hexDigest(`netns:${uid}`, 8)}-${hexDigest(`netns2:${uid}`, 4)}` },
    ],
    ips: [{ version: '4', address: `${ip}/${prefix}`, gateway, interface: 2 }],
    routes: [{ dst: dp.subnetEnv.FLANNEL_NETWORK }, { dst: '0.0.0.0/0', gw: gateway }],
    dns: {},
  };
}

/** A hostPort as the portmap plugin programs it: DNAT from the node's address to the pod. */
export interface PortMapping {
  hostPort: number;
  containerPort: number;
  protocol: string;
  hostIP?: string;
  /** The DNAT rule in iptables-save form, in the pod's CNI-DN chain. */
  rule: string;
}

/**
 * The portmap plugin's runtimeConfig.portMappings for a pod (its containers' ports with a hostPort; none on the host's network) and the
 * DNAT each becomes: `-p tcp --dport <hostPort> -j DNAT --to-destination <podIP>:<containerPort>`, limited to
 * a hostIP when one is set.
 */
export function portMappings(pod: Pod): PortMapping[] {
  const ip = pod.status?.podIP;
  // on the host's network the container binds the node's port itself: no portmap, no DNAT
  if (!ip || isHostNetworkPod(pod)) return [];
  return (pod.spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => p.hostPort)
      .map((p) => {
        const protocol = (p.protocol ?? 'TCP').toLowerCase();
        const dst = p.hostIP && p.hostIP !== '0.0.0.0' ? `-d ${p.hostIP}/32 ` : '';
        return {
          hostPort: p.hostPort!,
          containerPort: p.containerPort,
          protocol: p.protocol ?? 'TCP',
          ...(p.hostIP ? { hostIP: p.hostIP } : {}),
          rule: `-A CNI-DN-${hexDigest(`dn:${pod.metadata?.uid ?? ''}`, 24)} ${dst}-p ${protocol} -m ${protocol} --dport ${p.hostPort} -j DNAT --to-destination ${ip}:${p.containerPort}`,
        };
      }),
  );
}
