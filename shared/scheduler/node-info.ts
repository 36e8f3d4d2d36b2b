import type { Node } from 'kubernetes-types/core/v1';
import { hasAffinity, toResource } from './pod-info';
import { intValue, milliValue } from './quantity';
import { emptyResource, type NodeInfo, type PodInfo, type Resource } from './types';

/** Builds an empty NodeInfo from a Node's allocatable, labels, taints and images. */
export function newNodeInfo(node: Node): NodeInfo {
  const alloc = new Map<string, number>();
  for (const [name, q] of Object.entries(node.status?.allocatable ?? {})) alloc.set(name, name === 'cpu' ? milliValue(q) : intValue(q));
  const images = new Map<string, number>();
  for (const img of node.status?.images ?? []) for (const n of img.names ?? []) images.set(n, img.sizeBytes ?? 0);
  return {
    name: node.metadata?.name ?? '',
    node,
    labels: node.metadata?.labels ?? {},
    taints: node.spec?.taints ?? [],
    allocatable: toResource(alloc),
    requested: emptyResource(),
    nonZeroRequested: emptyResource(),
    pods: [],
    usedPorts: [],
    images,
    podsWithAffinity: 0,
    podsWithRequiredAntiAffinity: 0,
  };
}

function addResource(into: Resource, r: Resource, sign: number): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  for (const k in r.scalar) into.scalar[k] = (into.scalar[k] ?? 0) + sign * r.scalar[k]!;
}

function account(n: NodeInfo, p: PodInfo, sign: 1 | -1): void {
  addResource(n.requested, p.requests, sign);
  n.nonZeroRequested.milliCPU += sign * p.nonZeroCPU;
  n.nonZeroRequested.memory += sign * p.nonZeroMemory;
  if (hasAffinity(p)) n.podsWithAffinity += sign;
  if (p.requiredAntiAffinity.length > 0) n.podsWithRequiredAntiAffinity += sign;
}

/** NodeInfo.AddPodInfo: the pod's requests, ports and affinity counted on the node. */
export function addPodToNode(n: NodeInfo, p: PodInfo): void {
  n.pods.push(p);
  account(n, p, 1);
  for (const hp of p.hostPorts) n.usedPorts.push(hp);
}

/** NodeInfo.RemovePod; returns false when the pod was not on the node. */
export function removePodFromNode(n: NodeInfo, key: string): boolean {
  const i = n.pods.findIndex((p) => p.key === key);
  if (i < 0) return false;
  const [p] = n.pods.splice(i, 1);
  account(n, p!, -1);
  for (const hp of p!.hostPorts) {
    const j = n.usedPorts.findIndex((u) => u.ip === hp.ip && u.protocol === hp.protocol && u.port === hp.port);
    if (j >= 0) n.usedPorts.splice(j, 1);
  }
  return true;
}

function cloneResource(r: Resource): Resource {
  return { ...r, scalar: { ...r.scalar } };
}

/** A copy that can be changed without touching the snapshot (NodeInfo.Snapshot), used by preemption dry runs. */
export function cloneNodeInfo(n: NodeInfo): NodeInfo {
  return {
    ...n,
    requested: cloneResource(n.requested),
    nonZeroRequested: cloneResource(n.nonZeroRequested),
    pods: [...n.pods],
    usedPorts: [...n.usedPorts],
  };
}
