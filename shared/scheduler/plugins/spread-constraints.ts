import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { compileLabelSelector, type LabelMatcher } from '../labels';
import type { Snapshot } from '../snapshot';
import type { PodInfo } from '../types';
import { firstUntoleratedNoScheduleTaint } from './taints';

/** A spreading constraint as PodTopologySpread evaluates it (topologySpreadConstraint). */
export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelMatcher;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** PodTopologySpreadArgs. */
export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  defaultingType?: 'System' | 'List';
}

/** systemDefaultConstraints: spread over hosts (skew 3) and zones (skew 5), never blocking. */
export const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraint[] = [
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

function withMatchLabelKeys(sel: LabelSelector | undefined, keys: string[] | undefined, pod: Pod): LabelSelector | undefined {
  if (!keys || keys.length === 0 || !sel) return sel;
  const labels = pod.metadata?.labels ?? {};
  const extra = keys.filter((k) => k in labels).map((k) => ({ key: k, operator: 'In', values: [labels[k]!] }));
  return { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] };
}

/** Compiles the pod's own constraints with the given whenUnsatisfiable. */
export function podConstraints(pod: Pod, when: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => compile(c, compileLabelSelector(withMatchLabelKeys(c.labelSelector, c.matchLabelKeys, pod))));
}

function compile(c: TopologySpreadConstraint, selector: LabelMatcher): Constraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: (c.nodeAffinityPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Honor',
    nodeTaintsPolicy: (c.nodeTaintsPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Ignore',
  };
}

/**
 * helper.DefaultSelector: the union of the selectors of Services selecting the pod and of its controller
 * (ReplicaSet, StatefulSet, ReplicationController). Undefined when empty: no default spreading then.
 */
export function defaultSelector(pod: Pod, s: Snapshot): LabelSelector | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  const labels = pod.metadata?.labels ?? {};
  const matchLabels: Record<string, string> = {};
  for (const svc of s.services) {
    const sel = svc.spec?.selector;
    if ((svc.metadata?.namespace ?? 'default') !== ns || !sel || Object.keys(sel).length === 0) continue;
    if (Object.entries(sel).every(([k, v]) => labels[k] === v)) Object.assign(matchLabels, sel);
  }
  const sel: LabelSelector = { matchLabels, matchExpressions: [] };
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  if (owner) {
    const o = s.owners.get(`${owner.kind}/${ns}/${owner.name}`);
    const osel = o?.spec?.selector as LabelSelector | Record<string, string> | undefined;
    if (osel && owner.kind === 'ReplicationController') Object.assign(matchLabels, osel);
    else if (osel) {
      const ls = osel as LabelSelector;
      Object.assign(matchLabels, ls.matchLabels ?? {});
      sel.matchExpressions!.push(...(ls.matchExpressions ?? []));
    }
  }
  if (Object.keys(matchLabels).length === 0 && sel.matchExpressions!.length === 0) return undefined;
  return sel;
}

/** Default constraints for a pod without its own: the configured list with the default selector. */
export function defaultConstraints(pod: Pod, s: Snapshot, list: TopologySpreadConstraint[], when: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const chosen = list.filter((c) => c.whenUnsatisfiable === when);
  if (chosen.length === 0) return [];
  const sel = defaultSelector(pod, s);
  if (!sel) return [];
  const m = compileLabelSelector(sel);
  return chosen.map((c) => compile(c, m));
}

/** nodeLabelsMatchSpreadConstraints: the node has every constraint's topology key. */
export function hasAllTopologyKeys(labels: Record<string, string>, cs: Constraint[]): boolean {
  for (const c of cs) if (!(c.topologyKey in labels)) return false;
  return true;
}

/** topologySpreadConstraint.matchNodeInclusionPolicies. */
export function includesNode(c: Constraint, pod: Pod, node: Node, affinity: (n: Node) => boolean): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !affinity(node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && firstUntoleratedNoScheduleTaint(node.spec?.taints ?? [], pod.spec?.tolerations ?? [])) return false;
  return true;
}

/** countPodsMatchSelector: non-terminating pods of the namespace whose labels match. */
export function countMatching(pods: PodInfo[], sel: LabelMatcher, ns: string): number {
  let n = 0;
  for (const p of pods) if (!p.terminating && p.namespace === ns && sel(p.labels)) n++;
  return n;
}

