import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { DEFAULT_NODE_LIFECYCLE_CONFIG } from '../controllers/node-lifecycle/config';
import { computeZoneState, type ZoneState } from '../controllers/node-lifecycle/zone-state';
import { formatHpaMetrics } from '../tables/hpa-printer';
import { parseTime } from '../nodes/time-format';

/** What a scenario runner reads at each sample. */
export interface ClusterView {
  /** Cluster time of the sample (ms). */
  now: number;
  /** The nodes of the scenario's pools. */
  nodes: Node[];
  deployments: Deployment[];
  /** autoscaling/v2. */
  hpas: HorizontalPodAutoscaler[];
  pods: Pod[];
}

export interface HpaView {
  current: number;
  desired: number;
  /** As `kubectl get hpa` prints TARGETS: `cpu: 63%/50%`. */
  targets: string;
  conditions: Record<string, ConditionView>;
}
export interface ConditionView {
  status: string;
  reason: string;
  message: string;
}
export interface NodeView {
  zone: string;
  ready: ConditionView;
  /** `key:Effect`, sorted. */
  taints: string[];
}
export interface ZoneView {
  ready: number;
  total: number;
  /** As the node lifecycle controller judges a zone from its nodes' Ready conditions. */
  state: ZoneState;
}
export interface PodView {
  node: string;
  ready: boolean;
  deleting: boolean;
  /** The DisruptionTarget condition's reason, when a controller marked the pod for eviction. */
  disruption?: string;
}

/** A sample reduced to what the timeline reports on. */
export interface Observation {
  now: number;
  deployments: Record<string, { replicas: number; ready: number }>;
  hpas: Record<string, HpaView>;
  nodes: Record<string, NodeView>;
  zones: Record<string, ZoneView>;
  pods: Record<string, PodView>;
}

/** One line of the timeline: when (cluster ms), about what, what happened and why. */
export interface TimelineEntry {
  at: number;
  subject: string;
  what: string;
  why?: string;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';
const UNKNOWN: ConditionView = { status: 'Unknown', reason: '', message: '' };

const condition = (conds: { type?: string; status?: string; reason?: string; message?: string }[] | undefined, type: string): ConditionView | undefined => {
  const c = conds?.find((x) => x.type === type);
  return c ? { status: c.status ?? '', reason: c.reason ?? '', message: c.message ?? '' } : undefined;
};

/** Reduces a sample to an Observation. Pure. */
export function observe(view: ClusterView): Observation {
  const nodes: Record<string, NodeView> = {};
  for (const n of view.nodes) {
    nodes[n.metadata?.name ?? ''] = {
      zone: n.metadata?.labels?.[ZONE_LABEL] ?? '',
      ready: condition(n.status?.conditions, 'Ready') ?? UNKNOWN,
      taints: (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort(),
    };
  }
  const byZone: Record<string, NodeView[]> = {};
  for (const n of Object.values(nodes)) (byZone[n.zone] ??= []).push(n);
  const zones: Record<string, ZoneView> = {};
  for (const [zone, ns] of Object.entries(byZone).sort(([a], [b]) => a.localeCompare(b))) {
    const { state } = computeZoneState(
      ns.map((n) => ({ type: 'Ready', status: n.ready.status })),
      DEFAULT_NODE_LIFECYCLE_CONFIG.unhealthyZoneThreshold,
    );
    zones[zone] = { ready: ns.filter((n) => n.ready.status === 'True').length, total: ns.length, state };
  }
  const pods: Record<string, PodView> = {};
  for (const p of view.pods) {
    const disruption = condition(p.status?.conditions, 'DisruptionTarget');
    pods[p.metadata?.name ?? ''] = {
      node: p.spec?.nodeName ?? '',
      ready: condition(p.status?.conditions, 'Ready')?.status === 'True',
      deleting: Boolean(p.metadata?.deletionTimestamp),
      ...(disruption?.status === 'True' ? { disruption: disruption.reason } : {}),
    };
  }
  return {
    now: view.now,
    deployments: Object.fromEntries(view.deployments.map((d) => [d.metadata?.name ?? '', { replicas: d.spec?.replicas ?? 0, ready: d.status?.readyReplicas ?? 0 }])),
    hpas: Object.fromEntries(
      view.hpas.map((h) => [
        h.metadata?.name ?? '',
        {
          current: h.status?.currentReplicas ?? 0,
          desired: h.status?.desiredReplicas ?? 0,
          targets: formatHpaMetrics(h.spec?.metrics ?? [], h.status?.currentMetrics ?? []),
          conditions: Object.fromEntries((h.status?.conditions ?? []).map((c) => [c.type, { status: c.status, reason: c.reason ?? '', message: c.message ?? '' }])),
        },
      ]),
    ),
    nodes,
    zones,
    pods,
  };
}

/**
 * What changed between two observations, as timeline entries stamped with the later one's time:
 * replicas, HPA targets and conditions (the reason and message say why it holds or scales), node
 * readiness and taints, zone states, and pods marked for eviction or gone. The first observation
 * reports the starting state.
 */
export function changes(prev: Observation | undefined, next: Observation): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const at = next.now;
  const add = (subject: string, what: string, why?: string) => out.push({ at, subject, what, ...(why ? { why } : {}) });

  for (const [name, d] of Object.entries(next.deployments)) {
    const p = prev?.deployments[name];
    if (!p || p.replicas !== d.replicas) add(`deployment/${name}`, p ? `replicas ${p.replicas} → ${d.replicas}` : `replicas ${d.replicas} (${d.ready} ready)`);
  }
  for (const [name, h] of Object.entries(next.hpas)) {
    const p = prev?.hpas[name];
    if (!p || p.targets !== h.targets || p.desired !== h.desired) add(`hpa/${name}`, `${h.targets}, ${h.current} current, ${h.desired} desired`);
    for (const [type, c] of Object.entries(h.conditions)) {
      const pc = p?.conditions[type];
      // ScalingActive only matters when it is not True; AbleToScale and ScalingLimited explain each decision
      if (pc ? pc.status === c.status && pc.reason === c.reason : type === 'ScalingActive' && c.status === 'True') continue;
      add(`hpa/${name}`, `${type}=${c.status} ${c.reason}`, c.message);
    }
  }
  for (const [name, n] of Object.entries(next.nodes)) {
    const p = prev?.nodes[name];
    if (!p) {
      if (prev) add(`node/${name}`, `joined ${n.zone || 'no zone'}, Ready=${n.ready.status}`);
      continue;
    }
    if (p.ready.status !== n.ready.status) add(`node/${name}`, `Ready ${p.ready.status} → ${n.ready.status}${n.ready.reason ? ` (${n.ready.reason})` : ''}`, n.ready.message);
    const added = n.taints.filter((t) => !p.taints.includes(t));
    const removed = p.taints.filter((t) => !n.taints.includes(t));
    if (added.length) add(`node/${name}`, `tainted ${added.join(', ')}`);
    if (removed.length) add(`node/${name}`, `untainted ${removed.join(', ')}`);
  }
  for (const name of Object.keys(prev?.nodes ?? {})) if (!next.nodes[name]) add(`node/${name}`, 'gone');
  for (const [zone, z] of Object.entries(next.zones)) {
    const p = prev?.zones[zone];
    if (!p || p.state !== z.state || p.ready !== z.ready) add(`zone/${zone || '(none)'}`, `${z.ready}/${z.total} Ready, ${z.state}`);
  }
  for (const [name, pod] of Object.entries(next.pods)) {
    const p = prev?.pods[name];
    if (pod.disruption && !p?.disruption) add(`pod/${name}`, `marked for eviction on ${pod.node || 'no node'}`, pod.disruption);
  }
  if (prev) {
    for (const [name, p] of Object.entries(prev.pods)) if (!next.pods[name] && p.disruption) add(`pod/${name}`, `evicted from ${p.node}`);
  }
  return out;
}

/** A kubelet's confirmations that a condition is healthy, posted on every (re)registration: noise in a timeline. */
const HEALTHY_NODE_REASONS = new Set(['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'Starting']);

/** The events worth a timeline line: the HPA's, the nodes' (but routine kubelet ones), the node lifecycle's and the taint manager's. */
export function isDecisionEvent(e: Event, nodeNames: ReadonlySet<string>): boolean {
  const kind = e.involvedObject?.kind;
  if (kind === 'HorizontalPodAutoscaler') return true;
  if (kind === 'Node') return nodeNames.has(e.involvedObject?.name ?? '') && !HEALTHY_NODE_REASONS.has(e.reason ?? '');
  const component = e.source?.component ?? e.reportingComponent ?? '';
  return component === 'node-controller' || component === 'taint-eviction-controller' || e.reason === 'TaintManagerEviction';
}

/** When an event last happened (cluster ms). */
export function eventTime(e: Event): number {
  return parseTime(e.lastTimestamp) ?? parseTime(e.eventTime) ?? parseTime(e.firstTimestamp) ?? 0;
}

/** A key that changes when an event recurs (count or time), so a repeat is reported again. */
export function eventKey(e: Event): string {
  return `${e.metadata?.uid ?? e.metadata?.name}/${e.count ?? 1}/${e.lastTimestamp ?? e.eventTime ?? ''}`;
}

/** An event as a timeline entry: the object it is about, its reason, and its message (the decision's explanation). */
export function eventEntry(e: Event): TimelineEntry {
  const o = e.involvedObject ?? {};
  const kind = o.kind === 'HorizontalPodAutoscaler' ? 'hpa' : (o.kind ?? '').toLowerCase();
  return { at: eventTime(e), subject: `${kind}/${o.name ?? ''}`, what: `${e.type === 'Warning' ? 'Warning ' : ''}${e.reason ?? ''}${(e.count ?? 1) > 1 ? ` (×${e.count})` : ''}`, why: e.message };
}
