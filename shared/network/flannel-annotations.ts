import type { Node } from 'kubernetes-types/core/v1';
import { hexDigest } from '../nodes/hash';
import type { FlannelConfig } from './flannel-config';

/** flannel's node annotations (pkg/subnet/kube/annotations.go with the default prefix). */
export const FLANNEL_ANNOTATION_PREFIX = 'flannel.alpha.coreos.com/';
export const BACKEND_TYPE_ANNOTATION = `${FLANNEL_ANNOTATION_PREFIX}backend-type`;
export const BACKEND_DATA_ANNOTATION = `${FLANNEL_ANNOTATION_PREFIX}backend-data`;
export const PUBLIC_IP_ANNOTATION = `${FLANNEL_ANNOTATION_PREFIX}public-ip`;
export const KUBE_SUBNET_MANAGER_ANNOTATION = `${FLANNEL_ANNOTATION_PREFIX}kube-subnet-manager`;

/**
 * The VXLAN device's MAC on a node: random per device on a real host, derived here from the node name
 * so a replayed simulation writes the same annotation. A locally administered unicast address, as the
 * kernel's random MACs are.
 */
export function vtepMac(nodeName: string): string {
  const hex = hexDigest(`vtep:${nodeName}`, 12);
  const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16));
  bytes[0] = (bytes[0]! & 0xfe) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** A node's WireGuard public key (32 bytes, base64), derived from its name as vtepMac is. */
export function wireguardPublicKey(nodeName: string): string {
  const hex = hexDigest(`wg:${nodeName}`, 64);
  return btoa(String.fromCharCode(...hex.match(/../g)!.map((b) => parseInt(b, 16))));
}

/** The node's InternalIP, which flanneld (--iface unset) takes as its public IP. */
export function nodePublicIP(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/**
 * The annotations flanneld's kube subnet manager writes on its node at AcquireLease: backend type, the
 * backend's lease data as JSON (vxlan `{"VNI":1,"VtepMAC":"…"}`, wireguard `{"PublicKey":"…"}`, `null`
 * for host-gw and udp), the public IP and `kube-subnet-manager: "true"`. flannel's udp backend leaves the
 * type empty, and so does this.
 */
export function flannelAnnotations(node: Node, config: FlannelConfig): Record<string, string> | undefined {
  const name = node.metadata?.name ?? '';
  const publicIP = nodePublicIP(node);
  if (!publicIP) return undefined;
  const be = config.backend;
  const data =
    be.type === 'vxlan'
      ? JSON.stringify({ VNI: be.vni, VtepMAC: vtepMac(name) })
      : be.type === 'wireguard'
        ? JSON.stringify({ PublicKey: wireguardPublicKey(name) })
        : 'null';
  return {
    [BACKEND_TYPE_ANNOTATION]: be.type === 'udp' ? '' : be.type,
    [BACKEND_DATA_ANNOTATION]: data,
    [PUBLIC_IP_ANNOTATION]: publicIP,
    [KUBE_SUBNET_MANAGER_ANNOTATION]: 'true',
  };
}

/**
 * The annotations to write on a node so it publishes `config`'s lease, or undefined when they are
 * already there (AcquireLease patches only on a difference) or the node has no podCIDR or InternalIP yet.
 */
export function flannelAnnotationPatch(node: Node, config: FlannelConfig): Record<string, string> | undefined {
  if (!node.spec?.podCIDR) return undefined;
  const want = flannelAnnotations(node, config);
  if (!want) return undefined;
  const have = node.metadata?.annotations ?? {};
  return Object.entries(want).some(([k, v]) => have[k] !== v) ? want : undefined;
}
