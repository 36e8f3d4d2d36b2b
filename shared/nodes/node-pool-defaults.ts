import type { ContainerImage } from 'kubernetes-types/core/v1';
import type { DefaultedNodePoolSpec, NodePool } from './node-pool-types';

/** Images every simulated node starts with: the pause image the sandbox needs. */
export const DEFAULT_NODE_IMAGES: ContainerImage[] = [
  { names: ['registry.k8s.io/pause@sha256:ee6521f290b2168b6e0935a181d4cff9be1ac3f5e666ca56ba3e7e5f2d6c4e6b', 'registry.k8s.io/pause:3.10'], sizeBytes: 320368 },
];

/** The default pool `npm run dev` starts with, and the fallback for every unset field. */
export const NODE_POOL_DEFAULTS: DefaultedNodePoolSpec = {
  nodes: 3,
  namePrefix: '',
  capacity: { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' },
  reserved: {},
  evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%' },
  region: 'region-1',
  zones: ['zone-a', 'zone-b', 'zone-c'],
  instanceType: 'kubeflare.standard-4',
  labels: {},
  taints: [],
  kubeletVersion: 'v1.32.0',
  containerRuntimeVersion: 'containerd://1.7.24',
  osImage: 'Ubuntu 24.04.1 LTS',
  kernelVersion: '6.8.0-51-generic',
  architecture: 'amd64',
  images: DEFAULT_NODE_IMAGES,
  nodeNetwork: '10.0.0.0/16',
  // the kubelet's defaults: Lease every 10 s (40 s duration), unchanged status reported every 5 min (nodeStatusReportFrequency)
  heartbeat: { leaseRenewIntervalSeconds: 10, leaseDurationSeconds: 40, statusUpdateIntervalSeconds: 300 },
};

/**
 * A copy of the pool with every unset spec field defaulted (never mutates its input).
 * The name prefix defaults to the pool's name.
 */
export function defaultNodePool(pool: NodePool): NodePool & { spec: DefaultedNodePoolSpec } {
  const out = structuredClone(pool);
  const s = out.spec ?? {};
  const d = NODE_POOL_DEFAULTS;
  const spec: DefaultedNodePoolSpec = {
    ...structuredClone(d),
    ...stripUndefined(s),
    namePrefix: s.namePrefix || out.metadata?.name || 'node',
    capacity: { ...d.capacity, ...stripUndefined(s.capacity ?? {}) },
    evictionHard: { ...d.evictionHard, ...stripUndefined(s.evictionHard ?? {}) },
    heartbeat: { ...d.heartbeat, ...stripUndefined(s.heartbeat ?? {}) },
  };
  return { ...out, apiVersion: out.apiVersion ?? 'kubeflare.dev/v1alpha1', kind: 'NodePool', spec };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
