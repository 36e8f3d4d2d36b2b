import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { ContainerImage, Taint } from 'kubernetes-types/core/v1';

/** API group/version of Kubeflare's own kinds. */
export const KUBEFLARE_API_VERSION = 'kubeflare.dev/v1alpha1';

/** Capacity of one simulated node: quantities as strings (`cpu: "4"`, `memory: 16Gi`). */
export interface NodeResources {
  cpu?: string;
  memory?: string;
  pods?: string;
  'ephemeral-storage'?: string;
}

/** Heartbeat timings, in seconds. */
export interface NodeHeartbeat {
  /** Lease renewal interval (kubelet: leaseDuration × 0.25 = 10s). */
  leaseRenewIntervalSeconds?: number;
  /** Lease duration written on the Lease (kubelet --node-lease-duration-seconds, 40). */
  leaseDurationSeconds?: number;
  /** Status report frequency when nothing changed (kubelet nodeStatusReportFrequency; 60s here). */
  statusUpdateIntervalSeconds?: number;
}

/** Fault switches on a pool (applied to every node) or per node name. */
export interface NodeFaults {
  /** Stop renewing the Lease and posting status, as a dead kubelet does. */
  stopHeartbeat?: boolean;
  notReady?: boolean;
  memoryPressure?: boolean;
  diskPressure?: boolean;
  pidPressure?: boolean;
}

/** `NodePool.spec`: a template for `nodes` identical simulated nodes. */
export interface NodePoolSpec {
  nodes?: number;
  /** Node names are `<namePrefix>-<i>`; defaults to the pool's name. */
  namePrefix?: string;
  capacity?: NodeResources;
  /** kube-reserved + system-reserved, subtracted from capacity for allocatable. */
  reserved?: NodeResources;
  /** Hard eviction thresholds subtracted from allocatable (kubelet defaults: memory.available 100Mi, nodefs.available 10%). */
  evictionHard?: { 'memory.available'?: string; 'nodefs.available'?: string };
  /** Soft eviction thresholds (--eviction-soft): the kubelet evicts once one stays crossed for its grace period. */
  evictionSoft?: { 'memory.available'?: string };
  /** --eviction-soft-grace-period: how long each soft threshold must stay crossed (Go durations, "1m30s"). */
  evictionSoftGracePeriod?: { 'memory.available'?: string };
  region?: string;
  /** Nodes are spread round-robin over these zones. */
  zones?: string[];
  instanceType?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  kubeletVersion?: string;
  containerRuntimeVersion?: string;
  osImage?: string;
  kernelVersion?: string;
  architecture?: string;
  /** Images already present on every node (status.images). */
  images?: ContainerImage[];
  /**
   * References the simulated registry does not have when these nodes pull (ErrImagePull): `nginx:1.99`, or a
   * repository without a tag for all its tags; besides the tags and names it never has (shared/nodes/image-pull.ts).
   */
  missingImages?: string[];
  /** Network the nodes' InternalIPs come from. */
  nodeNetwork?: string;
  heartbeat?: NodeHeartbeat;
  faults?: NodeFaults;
  /** Per-node fault switches, by node name. */
  nodeFaults?: Record<string, NodeFaults>;
}

export interface NodePoolStatus {
  nodes?: number;
  readyNodes?: number;
  observedGeneration?: number;
}

/** `kubeflare.dev/v1alpha1` NodePool, cluster-scoped. */
export interface NodePool {
  apiVersion?: string;
  kind?: 'NodePool';
  metadata?: ObjectMeta;
  spec?: NodePoolSpec;
  status?: NodePoolStatus;
}

/** A NodePool after defaulting: every field the builders read is present. */
export type DefaultedNodePoolSpec = Required<Omit<NodePoolSpec, 'faults' | 'nodeFaults' | 'missingImages' | 'evictionSoft' | 'evictionSoftGracePeriod'>> &
  Pick<NodePoolSpec, 'faults' | 'nodeFaults' | 'missingImages' | 'evictionSoft' | 'evictionSoftGracePeriod'> & {
    capacity: Required<NodeResources>;
    heartbeat: Required<NodeHeartbeat>;
  };
