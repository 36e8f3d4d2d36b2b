import type { ConfigMap } from 'kubernetes-types/core/v1';
import { DEFAULT_NET_CONF, parseFlannelConfig, type FlannelConfigResult } from './flannel-config';

/** Where kube-flannel.yml keeps the network configuration: ConfigMap kube-flannel/kube-flannel-cfg, key net-conf.json. */
export const FLANNEL_NAMESPACE = 'kube-flannel';
export const FLANNEL_CONFIG_MAP = 'kube-flannel-cfg';
export const NET_CONF_KEY = 'net-conf.json';

/** The path flanneld reads the key from (mounted from the ConfigMap), for its error when the key is missing. */
const NET_CONF_PATH = '/etc/kube-flannel/net-conf.json';

/**
 * The cluster's pod network configuration: the `kube-flannel-cfg` ConfigMap's net-conf.json when it
 * exists, else kube-flannel.yml's default (10.244.0.0/16, vxlan). Node IPAM and flannel both read it,
 * so the cluster CIDR and node mask cannot disagree with flannel's Network and SubnetLen.
 */
export function flannelConfigFrom(cm: ConfigMap | undefined): FlannelConfigResult & { source: 'default' | 'configmap' } {
  if (!cm) return { ...parseFlannelConfig(DEFAULT_NET_CONF), source: 'default' };
  const text = cm.data?.[NET_CONF_KEY];
  if (text === undefined) return { ok: false, error: `failed to read net conf: open ${NET_CONF_PATH}: no such file or directory`, source: 'configmap' };
  return { ...parseFlannelConfig(text), source: 'configmap' };
}
