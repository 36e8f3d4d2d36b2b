import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';
import { cniAddResult, delegatedBridgeConf, FLANNEL_CONFLIST, portMappings } from './cni-chain';
import { clusterLeases, dataplaneOfNode } from './cluster-dataplane';
import { isHostNetworkPod } from '../nodes/pod-network';
import { podBandwidth } from './pod-bandwidth';
import { hostVethName } from './pod-path';
import type { FlannelConfigResult } from './flannel-config';
import { formatRoute } from './route-lookup';
import { formatSubnetEnv } from './subnet-env';

/**
 * The read-only `nodenetworks.kubeflare.dev` view of one node's flannel dataplane, in the words of the
 * tools an operator would run there: `ip route`, `ip neigh`, `bridge fdb show`, /run/flannel/subnet.env,
 * plus the backend's peer tables and flanneld's errors. Computed from the nodes' current leases, so it
 * follows nodes joining and leaving. With the node's pods, also the CNI chain: the conflist, what flannel
 * delegates to, and per pod its veth, CNI result and bandwidth buckets (pods on the host's network have none:
 * CNI never runs for them).
 */
export function nodeNetworkView(conf: FlannelConfigResult, node: Node, nodes: Node[], pods?: Pod[]): KubeObject {
  const name = node.metadata?.name ?? '';
  const meta = { name, uid: node.metadata?.uid, creationTimestamp: node.metadata?.creationTimestamp, labels: node.metadata?.labels };
  const object = (status: Record<string, unknown>): KubeObject => ({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodeNetwork', metadata: meta as never, status });
  if (!conf.ok) return object({ errors: [`error parsing subnet config: ${conf.error}`] });
  const { leases, errors: leaseErrors } = clusterLeases(nodes);
  const r = dataplaneOfNode(conf.config, node, leases);
  if (!r.ok) return object({ backend: conf.config.backend.type, errors: [r.error] });
  const dp = r.dataplane;
  return object({
    backend: dp.backend,
    subnet: dp.subnet,
    publicIP: dp.publicIP,
    segment: dp.segment,
    mtu: dp.mtu,
    subnetEnv: formatSubnetEnv(dp.subnetEnv),
    links: dp.links,
    routes: [...dp.routes.values()].map(formatRoute),
    neighbors: [...dp.neighbors.values()].map((n) => `${n.ip} dev ${n.dev} lladdr ${n.lladdr} PERMANENT`),
    fdb: [...dp.fdb.values()].map((f) => `${f.mac} dev ${f.dev} dst ${f.dst} self permanent`),
    ...(dp.udpPeers.size ? { udpPeers: [...dp.udpPeers.values()] } : {}),
    ...(dp.wireguardPeers.size ? { wireguardPeers: [...dp.wireguardPeers.values()] } : {}),
    errors: [...dp.errors.values(), ...Object.values(leaseErrors)],
    warnings: [...dp.warnings.values()],
    ...(pods ? { cni: { conflist: FLANNEL_CONFLIST, delegate: delegatedBridgeConf(dp.subnetEnv), pods: pods.filter((p) => p.status?.podIP && !isHostNetworkPod(p)).map((p) => podCni(p, dp)) } } : {}),
  });
}

function podCni(pod: Pod, dp: Parameters<typeof cniAddResult>[1]): Record<string, unknown> {
  const bw = podBandwidth(pod);
  return {
    pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`,
    hostVeth: hostVethName(pod.metadata?.uid ?? ''),
    result: cniAddResult(pod, dp),
    ...(portMappings(pod).length ? { portMappings: portMappings(pod) } : {}),
    ...('error' in bw ? { error: bw.error } : Object.keys(bw).length ? { bandwidth: bw } : {}),
  };
}
