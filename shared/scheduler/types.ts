import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';

/** Highest score a plugin may return after NormalizeScore (framework.MaxNodeScore). */
export const MAX_NODE_SCORE = 100;

/** framework.Code: the outcome of a plugin at one extension point. */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip';

/** A plugin's verdict with upstream's reason strings; `null` is used for Success on hot paths. */
export interface Status {
  code: Code;
  reasons: string[];
  plugin?: string;
}

/** Builds a Status. */
export function status(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}

/** Resource amounts: CPU in millicores, memory/storage in bytes, extended resources in units. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  scalar: Record<string, number>;
}

/** A host port in use on a node (hostIP defaults to 0.0.0.0, protocol to TCP). */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** A compiled pod (anti-)affinity term (framework.AffinityTerm / WeightedAffinityTerm). */
export interface AffinityTerm {
  namespaces: Set<string>;
  namespaceSelector: ((labels: Record<string, string>) => boolean) | null;
  selector: (labels: Record<string, string>) => boolean;
  topologyKey: string;
  weight: number;
}

/** A pod with everything the plugins derive from it computed once (framework.PodInfo). */
export interface PodInfo {
  pod: Pod;
  key: string;
  namespace: string;
  labels: Record<string, string>;
  priority: number;
  requests: Resource;
  nonZeroCPU: number;
  nonZeroMemory: number;
  hostPorts: HostPort[];
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
  terminating: boolean;
}

/** One node as the scheduler sees it (framework.NodeInfo). */
export interface NodeInfo {
  name: string;
  node: Node;
  labels: Record<string, string>;
  taints: Taint[];
  allocatable: Resource;
  requested: Resource;
  nonZeroRequested: Resource;
  pods: PodInfo[];
  usedPorts: HostPort[];
  /** image name → size in bytes */
  images: Map<string, number>;
  podsWithAffinity: number;
  podsWithRequiredAntiAffinity: number;
}

/** Returns an empty Resource. */
export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: {} };
}
