import type { Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';

/** kubevirt.io/v1 VirtualMachineInstance, the fields Kubeflare reads and writes. */
export interface VmiPort {
  name?: string;
  port: number;
  protocol?: string;
}

export interface VmiInterface {
  name: string;
  bridge?: Record<string, never>;
  masquerade?: Record<string, never>;
  sriov?: Record<string, never>;
  passt?: Record<string, never>;
  binding?: { name: string };
  macAddress?: string;
  model?: string;
  pciAddress?: string;
  ports?: VmiPort[];
}

export interface VmiNetwork {
  name: string;
  pod?: { vmNetworkCIDR?: string; vmIPv6NetworkCIDR?: string };
  multus?: { networkName?: string; default?: boolean };
}

export interface VmiSpec {
  domain?: {
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    devices?: { interfaces?: VmiInterface[]; autoattachPodInterface?: boolean };
    memory?: { guest?: string };
    cpu?: { cores?: number };
  };
  networks?: VmiNetwork[];
  hostname?: string;
  subdomain?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  terminationGracePeriodSeconds?: number;
}

export interface VmiInterfaceStatus {
  name: string;
  interfaceName: string;
  ipAddress?: string;
  ipAddresses?: string[];
  mac?: string;
  infoSource: string;
  podInterfaceName: string;
  queueCount: number;
  linkState: string;
}

export interface VmiCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime: string | null;
  lastTransitionTime: string | null;
}

export interface VmiStatus {
  phase?: string;
  nodeName?: string;
  interfaces?: VmiInterfaceStatus[];
  conditions?: VmiCondition[];
  activePods?: Record<string, string>;
  phaseTransitionTimestamps?: { phase: string; phaseTransitionTimestamp: string }[];
  qosClass?: string;
  launcherContainerImageVersion?: string;
  guestOSInfo?: Record<string, never>;
}

export type VirtualMachineInstance = KubeObject & { spec?: VmiSpec; status?: VmiStatus };

export const KUBEVIRT_GROUP = 'kubevirt.io';
export const VMI_RESOURCE = { group: KUBEVIRT_GROUP, version: 'v1', plural: 'virtualmachineinstances' };

/**
 * The interface on the pod network (the one whose network has `pod: {}`) with its binding: bridge,
 * masquerade, or (no method, no plugin) KubeVirt's default binding, bridge.
 */
export function podNetworkInterface(vmi: VirtualMachineInstance): { iface: VmiInterface; network: VmiNetwork; index: number; binding: 'bridge' | 'masquerade' | 'other' } | undefined {
  const networks = vmi.spec?.networks ?? [];
  const ifaces = vmi.spec?.domain?.devices?.interfaces ?? [];
  const network = networks.find((n) => n.pod);
  if (!network) return undefined;
  const index = ifaces.findIndex((i) => i.name === network.name);
  const iface = ifaces[index];
  if (!iface) return undefined;
  const binding = iface.masquerade ? 'masquerade' : iface.bridge || (!iface.sriov && !iface.passt && !iface.binding) ? 'bridge' : 'other';
  return { iface, network, index, binding };
}
