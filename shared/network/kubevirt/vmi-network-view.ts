import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import { backendMtu } from '../backend-mtu';
import { cniAddResult } from '../cni-chain';
import type { FlannelConfigResult } from '../flannel-config';
import { formatResolvConf, podDnsConfig } from '../pod-resolv-conf';
import { subnetEnv } from '../subnet-env';
import { podRoutes, vmiPodNetwork } from './vmi-pod-network';
import type { VirtualMachineInstance } from './vmi-types';

/**
 * The read-only `vminetworks.kubeflare.dev` view of one VMI's pod network: its virt-launcher pod and the pod's
 * eth0 (from the node's subnet.env and the CNI result), the binding's in-pod devices and NAT, and the DHCP
 * server's offer (each option decoded and in hex, and the whole packet). Reasons instead while the pod has no IP.
 */
export function vmiNetworkView(conf: FlannelConfigResult, vmi: VirtualMachineInstance, pod: Pod | undefined, node: Node | undefined): KubeObject {
  const m = vmi.metadata ?? {};
  const meta = { name: m.name, namespace: m.namespace, uid: m.uid, creationTimestamp: m.creationTimestamp };
  const object = (status: Record<string, unknown>): KubeObject => ({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'VMINetwork', metadata: meta as never, status });
  const launcher = pod ? { pod: pod.metadata?.name, node: pod.spec?.nodeName } : {};
  if (!pod) return object({ phase: vmi.status?.phase ?? 'Pending', reason: 'the virt-launcher pod does not exist yet' });
  const podCIDR = node?.spec?.podCIDRs?.[0] ?? node?.spec?.podCIDR;
  if (!pod.status?.podIP || !node || !podCIDR) return object({ ...launcher, phase: vmi.status?.phase, reason: 'the virt-launcher pod has no IP yet' });
  if (!conf.ok) return object({ ...launcher, errors: [`error parsing subnet config: ${conf.error}`] });
  const mtu = backendMtu(conf.config.backend);
  const env = subnetEnv(conf.config, podCIDR, mtu);
  const cni = cniAddResult(pod, { node: node.metadata?.name ?? '', subnetEnv: env })! as {
    interfaces: { name: string; mac: string }[];
    ips: { address: string; gateway: string }[];
    routes: { dst: string; gw?: string }[];
  };
  const [ip, prefix] = cni.ips[0]!.address.split('/');
  const gateway = cni.ips[0]!.gateway;
  const resolvConf = formatResolvConf(podDnsConfig(pod));
  const net = vmiPodNetwork(vmi, {
    ip: ip!,
    prefix: Number(prefix),
    mac: cni.interfaces[2]!.mac,
    mtu,
    routes: podRoutes(ip!, Number(prefix), gateway, cni.routes),
    hostname: pod.spec?.hostname ?? pod.metadata?.name ?? '',
    resolvConf,
  });
  if (!net.ok) return object({ ...launcher, errors: [net.error] });
  const { ok: _ok, ...rest } = net;
  return object({ ...launcher, podInterface: { name: 'eth0', ip: `${ip}/${prefix}`, mac: cni.interfaces[2]!.mac, mtu, gateway }, resolvConf, ...rest });
}
