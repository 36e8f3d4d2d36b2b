import { formatIPv4, parseCidr } from '../nodes/ipv4';
import type { FlannelConfig } from './flannel-config';

/**
 * /run/flannel/subnet.env as flanneld writes it (WriteSubnetFile): the network, the node's subnet with
 * its first usable IP (the cni0 gateway), the MTU the CNI plugin gives pods, and whether flanneld
 * masquerades (kube-flannel.yml runs it with --ip-masq).
 *
 * @example subnetEnv(config, '10.244.1.0/24', 1450) // FLANNEL_NETWORK=10.244.0.0/16 FLANNEL_SUBNET=10.244.1.1/24 FLANNEL_MTU=1450 FLANNEL_IPMASQ=true
 */
export function subnetEnv(config: FlannelConfig, podCIDR: string, mtu: number, ipMasq = true): Record<string, string> {
  const c = parseCidr(podCIDR)!;
  return {
    FLANNEL_NETWORK: config.network,
    FLANNEL_SUBNET: `${formatIPv4(c.base + 1)}/${c.prefix}`,
    FLANNEL_MTU: String(mtu),
    FLANNEL_IPMASQ: String(ipMasq),
  };
}

/** The file's text, one `KEY=value` line each. */
export function formatSubnetEnv(env: Record<string, string>): string {
  return Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join('');
}
