import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';

/** A node with allocatable cpu/memory (quantities), 110 pods, labels and taints. */
export function node(name: string, cpu = '4', memory = '32Gi', extra: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean; images?: [string, number][]; pods?: string } = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...extra.labels } },
    spec: { taints: extra.taints, unschedulable: extra.unschedulable },
    status: {
      allocatable: { cpu, memory, pods: extra.pods ?? '110' },
      images: extra.images?.map(([n, size]) => ({ names: [n], sizeBytes: size })),
    },
  };
}

/** A pod with one container's requests, optional node, labels and anything else in spec. */
export function pod(name: string, req: { cpu?: string; memory?: string } = {}, extra: { node?: string; labels?: Record<string, string>; priority?: number; ns?: string; spec?: Partial<Pod['spec']>; startTime?: string } = {}): Pod {
  const requests: Record<string, string> = {};
  if (req.cpu) requests.cpu = req.cpu;
  if (req.memory) requests.memory = req.memory;
  return {
    metadata: { name, namespace: extra.ns ?? 'default', labels: extra.labels, uid: `uid-${name}` },
    spec: {
      nodeName: extra.node,
      priority: extra.priority,
      containers: [{ name: 'c', image: 'img', resources: Object.keys(requests).length ? { requests } : undefined }],
      ...extra.spec,
    },
    status: extra.startTime ? { startTime: extra.startTime } : undefined,
  } as Pod;
}

/** A deterministic random source. */
export function seq(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}
