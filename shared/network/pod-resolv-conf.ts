import type { Pod } from 'kubernetes-types/core/v1';
import { intToIp, parseCidr, SERVICE_CIDR } from '../apiserver/service-ip';

/** The cluster domain kubelets are configured with (--cluster-domain). */
export const CLUSTER_DOMAIN = 'cluster.local';

/** The kubelets' --cluster-dns: kubeadm's choice, the tenth address of the service CIDR (10.96.0.10). */
export const CLUSTER_DNS_IP = intToIp(parseCidr(SERVICE_CIDR).base + 10);

/** What the kubelet writes to a pod's /etc/resolv.conf. */
export interface PodDnsConfig {
  nameservers: string[];
  searches: string[];
  options: string[];
}

const uniq = (xs: string[]): string[] => [...new Set(xs)];

/**
 * The kubelet's GetPodDNS (pkg/kubelet/network/dns): ClusterFirst (the default; ClusterFirstWithHostNet for
 * host-network pods) gives the cluster DNS, the namespace/svc/cluster search path and ndots:5; a host-network
 * pod with ClusterFirst and `Default` use the node's resolv.conf (empty on a simulated node); `None` only
 * spec.dnsConfig, which the other policies append to (duplicates dropped, options by name).
 * @example podDnsConfig(pod).searches // ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local']
 */
export function podDnsConfig(pod: Pod, clusterDns = CLUSTER_DNS_IP, domain = CLUSTER_DOMAIN): PodDnsConfig {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const hostNet = pod.spec?.hostNetwork === true;
  const cluster = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !hostNet);
  const ns = pod.metadata?.namespace || 'default';
  const base: PodDnsConfig =
    policy === 'None' ? { nameservers: [], searches: [], options: [] }
    : cluster ? { nameservers: [clusterDns], searches: [`${ns}.svc.${domain}`, `svc.${domain}`, domain], options: ['ndots:5'] }
    : { nameservers: [], searches: [], options: [] };
  const extra = pod.spec?.dnsConfig;
  if (!extra) return base;
  const options = new Map(base.options.map((o) => [o.split(':')[0]!, o]));
  for (const o of extra.options ?? []) options.set(o.name ?? '', o.value !== undefined ? `${o.name}:${o.value}` : (o.name ?? ''));
  return {
    nameservers: uniq([...base.nameservers, ...(extra.nameservers ?? [])]),
    searches: uniq([...base.searches, ...(extra.searches ?? [])]),
    options: [...options.values()],
  };
}

/** The file as the kubelet formats it: `search …`, one `nameserver` line each, `options …`. */
export function formatResolvConf(c: PodDnsConfig): string {
  return [
    ...(c.searches.length ? [`search ${c.searches.join(' ')}`] : []),
    ...c.nameservers.map((n) => `nameserver ${n}`),
    ...(c.options.length ? [`options ${c.options.join(' ')}`] : []),
  ].map((l) => `${l}\n`).join('');
}
