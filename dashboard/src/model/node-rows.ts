import type { Node, Pod } from 'kubernetes-types/core/v1';
import { podRequests, isTerminalPod } from '../../../shared/nodes/pod-resources';
import { parseBytes, parseCpuMilli } from '../../../shared/nodes/quantity';

/** metrics.k8s.io NodeMetrics, as much as the dashboard reads. */
export interface NodeUsage {
  metadata?: { name?: string };
  usage?: { cpu?: string; memory?: string };
}

/** One node as the dashboard shows it: what it offers, what pods asked for, what they use now. */
export interface NodeRow {
  name: string;
  zone: string;
  ready: boolean;
  unschedulable: boolean;
  cpu: { allocatable: number; requested: number; used?: number };
  memory: { allocatable: number; requested: number; used?: number };
  pods: { allocatable: number; count: number };
}

export interface ZoneGroup {
  zone: string;
  nodes: NodeRow[];
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** Nodes without a zone label are shown together under this name. */
export const NO_ZONE = '(no zone)';

/** Ready=True, as the node controller and `kubectl get nodes` read it. */
export function nodeReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * One row per node: allocatable from its status, requests summed over the non-terminal pods bound to it (as the
 * scheduler's NodeResourcesFit counts them), usage from metrics.k8s.io when known.
 */
export function nodeRows(nodes: readonly Node[], pods: readonly Pod[], usage: readonly NodeUsage[] = []): NodeRow[] {
  const byNode = new Map<string, { cpu: number; memory: number; count: number }>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (!n || isTerminalPod(p)) continue;
    const r = podRequests(p);
    const acc = byNode.get(n) ?? { cpu: 0, memory: 0, count: 0 };
    acc.cpu += r.cpuMilli;
    acc.memory += r.memoryBytes;
    acc.count += 1;
    byNode.set(n, acc);
  }
  const used = new Map(usage.map((u) => [u.metadata?.name ?? '', u.usage ?? {}]));
  return nodes
    .map((node): NodeRow => {
      const name = node.metadata?.name ?? '';
      const alloc = node.status?.allocatable ?? {};
      const req = byNode.get(name) ?? { cpu: 0, memory: 0, count: 0 };
      const u = used.get(name);
      return {
        name,
        zone: node.metadata?.labels?.[ZONE_LABEL] ?? NO_ZONE,
        ready: nodeReady(node),
        unschedulable: node.spec?.unschedulable === true,
        cpu: { allocatable: parseCpuMilli(alloc['cpu']) ?? 0, requested: req.cpu, used: u ? parseCpuMilli(u.cpu) : undefined },
        memory: { allocatable: parseBytes(alloc['memory']) ?? 0, requested: req.memory, used: u ? parseBytes(u.memory) : undefined },
        pods: { allocatable: Number(alloc['pods'] ?? 0), count: req.count },
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** Rows grouped by zone, zones in name order (nodes without a zone last). */
export function groupByZone(rows: readonly NodeRow[]): ZoneGroup[] {
  const zones = new Map<string, NodeRow[]>();
  for (const r of rows) zones.set(r.zone, [...(zones.get(r.zone) ?? []), r]);
  return [...zones.entries()]
    .sort(([a], [b]) => (a === NO_ZONE ? 1 : b === NO_ZONE ? -1 : a.localeCompare(b, 'en', { numeric: true })))
    .map(([zone, nodes]) => ({ zone, nodes }));
}

/** A fraction 0..1 for a bar, 0 when nothing is allocatable. */
export function fraction(part: number | undefined, whole: number): number {
  if (!part || whole <= 0) return 0;
  return Math.min(1, part / whole);
}
