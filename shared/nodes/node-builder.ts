import type { Node, NodeAddress } from 'kubernetes-types/core/v1';
import { defaultNodePool } from './node-pool-defaults';
import type { DefaultedNodePoolSpec, NodePool, NodeResources } from './node-pool-types';
import { nodeConditions } from './node-conditions';
import { formatIPv4, parseCidr } from './ipv4';
import { formatBytes, formatCpuMilli, parseBytes, parseCpuMilli, parseQuantity } from './quantity';
import { hexDigest } from './hash';
import { rfc3339 } from './time-format';

/** Node i's InternalIP is the node network's base + NODE_ADDRESS_OFFSET + i (low addresses are left to gateways). */
export const NODE_ADDRESS_OFFSET = 10;

/** Label a node carries naming its pool (lets the pool find and prune its nodes). */
export const NODE_POOL_LABEL = 'kubeflare.dev/node-pool';

/** `<prefix>-<i>`. */
export function nodeName(prefix: string, index: number): string {
  return `${prefix}-${index}`;
}

/**
 * Allocatable as kubelet computes it (pkg/kubelet/cm/node_container_manager_linux.go
 * GetNodeAllocatableReservation): capacity − kube/system reserved − hard eviction threshold.
 * With kubelet's defaults (no reservation, memory.available<100Mi, nodefs.available<10%)
 * a 16Gi/100Gi node allocates 16284Mi memory and 90Gi ephemeral-storage; cpu and pods are
 * unchanged. (KWOK copies capacity to allocatable instead; we follow the real kubelet.)
 */
export function allocatableFor(spec: DefaultedNodePoolSpec): Required<NodeResources> {
  const cap = spec.capacity;
  const res = spec.reserved;
  const memCap = parseBytes(cap.memory) ?? 0;
  const diskCap = parseBytes(cap['ephemeral-storage']) ?? 0;
  const memEvict = thresholdBytes(spec.evictionHard['memory.available'], memCap);
  const diskEvict = thresholdBytes(spec.evictionHard['nodefs.available'], diskCap);
  const clamp = (n: number) => Math.max(0, n);
  return {
    cpu: formatCpuMilli(clamp((parseCpuMilli(cap.cpu) ?? 0) - (parseCpuMilli(res.cpu ?? '0') ?? 0))),
    memory: formatBytes(clamp(memCap - (parseBytes(res.memory ?? '0') ?? 0) - memEvict)),
    pods: String(clamp((parseQuantity(cap.pods) ?? 0) - (parseQuantity(res.pods ?? '0') ?? 0))),
    'ephemeral-storage': formatBytes(clamp(diskCap - (parseBytes(res['ephemeral-storage'] ?? '0') ?? 0) - diskEvict)),
  };
}

// Eviction thresholds are a quantity or a percentage of capacity.
function thresholdBytes(t: string | undefined, capacity: number): number {
  if (!t) return 0;
  if (t.endsWith('%')) return Math.floor((capacity * Number(t.slice(0, -1))) / 100);
  return parseBytes(t) ?? 0;
}

/** The InternalIP of node `index` of a pool. */
export function nodeInternalIP(spec: DefaultedNodePoolSpec, index: number): string {
  const c = parseCidr(spec.nodeNetwork) ?? { base: 0x0a000000, prefix: 16 };
  return formatIPv4(c.base + NODE_ADDRESS_OFFSET + index);
}

/** Options for building nodes: override InternalIPs when several pools share one node network. */
export interface DesiredNodeOptions {
  internalIP?: (name: string, index: number) => string;
  /** Registration time (creationTimestamp is the store's; this stamps conditions). */
  now?: number;
}

/**
 * The Node objects a pool wants: `<prefix>-0 … <prefix>-(n-1)`, zones round-robin, with
 * labels, taints, capacity/allocatable, conditions (all healthy unless the pool's faults say
 * otherwise), addresses, nodeInfo and preloaded images. podCIDR is left to node IPAM.
 * @example desiredNodes({ metadata: { name: 'pool' }, spec: { nodes: 2 } }).map(n => n.metadata!.name) // ['pool-0','pool-1']
 */
export function desiredNodes(pool: NodePool, opts: DesiredNodeOptions = {}): Node[] {
  const p = defaultNodePool(pool);
  return Array.from({ length: p.spec.nodes }, (_, i) => buildNode(p, i, opts));
}

/** Node `index` of a (possibly undefaulted) pool. */
export function buildNode(pool: NodePool, index: number, opts: DesiredNodeOptions = {}): Node {
  const p = defaultNodePool(pool);
  const s = p.spec;
  const name = nodeName(s.namePrefix, index);
  const zone = s.zones[index % s.zones.length]!;
  const now = opts.now ?? 0;
  const faults = { ...s.faults, ...s.nodeFaults?.[name] };
  const addresses: NodeAddress[] = [
    { type: 'InternalIP', address: opts.internalIP?.(name, index) ?? nodeInternalIP(s, index) },
    { type: 'Hostname', address: name },
  ];
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      ...(opts.now !== undefined ? { creationTimestamp: rfc3339(now) } : {}),
      labels: {
        'beta.kubernetes.io/arch': s.architecture,
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': s.architecture,
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': s.instanceType,
        'topology.kubernetes.io/region': s.region,
        'topology.kubernetes.io/zone': zone,
        ...s.labels,
        [NODE_POOL_LABEL]: p.metadata?.name ?? s.namePrefix,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      providerID: `kubeflare://${s.region}/${zone}/${name}`,
      ...(s.taints.length ? { taints: structuredClone(s.taints) } : {}),
    },
    status: {
      capacity: { ...s.capacity },
      allocatable: allocatableFor(s),
      conditions: nodeConditions(name, undefined, faults, now).conditions,
      addresses,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hexDigest(`machine/${name}`, 32),
        systemUUID: uuidFrom(`system/${name}`),
        bootID: uuidFrom(`boot/${name}/${now}`),
        kernelVersion: s.kernelVersion,
        osImage: s.osImage,
        containerRuntimeVersion: s.containerRuntimeVersion,
        kubeletVersion: s.kubeletVersion,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: s.architecture,
      },
      images: structuredClone(s.images),
    },
  };
  return node;
}

function uuidFrom(seed: string): string {
  const h = hexDigest(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** What scaling a pool to its spec means for the nodes that exist now. */
export interface PoolScalePlan {
  /** Nodes to create, lowest index first. */
  add: Node[];
  /** Names of nodes to delete, highest index first (scale-down removes the newest nodes). */
  remove: string[];
}

/**
 * Compare a pool's desired nodes with the names of the nodes it owns now.
 * Nodes with the pool's prefix and an index ≥ spec.nodes, or names that are not the pool's
 * pattern at all, are removed; missing indices are added.
 */
export function planPoolScale(pool: NodePool, existing: readonly string[], opts: DesiredNodeOptions = {}): PoolScalePlan {
  const p = defaultNodePool(pool);
  const want = new Set(Array.from({ length: p.spec.nodes }, (_, i) => nodeName(p.spec.namePrefix, i)));
  const have = new Set(existing);
  const add: Node[] = [];
  for (let i = 0; i < p.spec.nodes; i++) if (!have.has(nodeName(p.spec.namePrefix, i))) add.push(buildNode(p, i, opts));
  const indexOf = (n: string) => Number(n.slice(p.spec.namePrefix.length + 1));
  const remove = existing.filter((n) => !want.has(n)).sort((a, b) => (indexOf(b) || 0) - (indexOf(a) || 0) || b.localeCompare(a));
  return { add, remove };
}
