import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { addPodExtensions, removePodExtensions, type CycleContext, type FrameworkHandle, type Plugin, type PostFilterResult } from '../framework';
import { compileLabelSelector } from '../labels';
import { fitErrorMessage } from '../messages';
import { addPodToNode, cloneNodeInfo, removePodFromNode } from '../node-info';
import { status, type NodeInfo, type PodInfo, type Status } from '../types';

/** DefaultPreemptionArgs. */
export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
}

export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

/** A node where preemption would let the pod fit, and what it costs. */
export interface Candidate {
  node: string;
  victims: PodInfo[];
  numPDBViolations: number;
}

const startTime = (p: PodInfo) => Date.parse(p.pod.status?.startTime ?? '') || Number.MAX_SAFE_INTEGER;

/** util.MoreImportantPod: higher priority, then earlier start. */
export function moreImportant(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a) < startTime(b);
}

/** filterPodsWithPDBViolation: pods whose eviction would exceed a matching PDB's disruptionsAllowed. */
export function splitByPDBViolation(pods: PodInfo[], pdbs: PodDisruptionBudget[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => {
    const sel = p.spec?.selector;
    const empty = !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
    return empty ? () => false : compileLabelSelector(sel);
  });
  const violating: PodInfo[] = [];
  const ok: PodInfo[] = [];
  for (const p of pods) {
    let violates = false;
    pdbs.forEach((pdb, i) => {
      if ((pdb.metadata?.namespace ?? 'default') !== p.namespace || !selectors[i]!(p.labels)) return;
      if (pdb.status?.disruptedPods && p.pod.metadata?.name! in pdb.status.disruptedPods) return;
      allowed[i]!--;
      if (allowed[i]! < 0) violates = true;
    });
    (violates ? violating : ok).push(p);
  }
  return [violating, ok];
}

/**
 * SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits, reprieve as many as possible,
 * PDB-violating ones first, highest priority first. Victims come back most important first.
 */
export function selectVictimsOnNode(
  fw: FrameworkHandle,
  ctx0: CycleContext,
  node0: NodeInfo,
  pdbs: PodDisruptionBudget[],
): { victims: PodInfo[]; numPDBViolations: number } | Status {
  const ctx = fw.cloneContext(ctx0);
  const node = cloneNodeInfo(node0);
  const potential = node.pods.filter((p) => p.priority < ctx.podInfo.priority);
  if (potential.length === 0) return status('UnschedulableAndUnresolvable', NO_VICTIMS);
  for (const p of potential) {
    removePodFromNode(node, p.key);
    removePodExtensions(fw.profile, ctx, p, node);
  }
  const s = fw.runFilterWithNominated(ctx, node);
  if (s) return s;
  potential.sort((a, b) => (moreImportant(a, b) ? -1 : moreImportant(b, a) ? 1 : 0));
  const [violating, nonViolating] = splitByPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: PodInfo): boolean => {
    addPodToNode(node, p);
    addPodExtensions(fw.profile, ctx, p, node);
    if (!fw.runFilterWithNominated(ctx, node)) return true;
    removePodFromNode(node, p.key);
    removePodExtensions(fw.profile, ctx, p, node);
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  victims.sort((a, b) => (moreImportant(a, b) ? -1 : moreImportant(b, a) ? 1 : 0));
  return { victims, numPDBViolations };
}

/**
 * pickOneNodeForPreemption: fewest PDB violations → lowest highest-victim priority → lowest priority sum →
 * fewest victims → latest start among the highest-priority victims → first.
 */
export function pickOneNode(cands: Candidate[]): Candidate | undefined {
  const keep = (list: Candidate[], f: (c: Candidate) => number, lowest: boolean) => {
    const vals = list.map(f);
    const best = lowest ? Math.min(...vals) : Math.max(...vals);
    return list.filter((_, i) => vals[i] === best);
  };
  let list = cands;
  if (list.length === 0) return undefined;
  list = keep(list, (c) => c.numPDBViolations, true);
  list = keep(list, (c) => c.victims[0]?.priority ?? 0, true);
  list = keep(list, (c) => c.victims.reduce((s, v) => s + v.priority + 2147483648, 0), true);
  list = keep(list, (c) => c.victims.length, true);
  list = keep(
    list,
    (c) => {
      const top = c.victims[0]?.priority;
      let earliest = Number.MAX_SAFE_INTEGER;
      for (const v of c.victims) if (v.priority === top && startTime(v) < earliest) earliest = startTime(v);
      return earliest;
    },
    false,
  );
  return list[0];
}

function eligible(ctx: CycleContext): string | undefined {
  const pod: Pod = ctx.pod;
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status?.nominatedNodeName;
  const n = nominated ? ctx.snapshot.byName.get(nominated) : undefined;
  if (n && n.pods.some((p) => p.terminating && p.priority < ctx.podInfo.priority)) {
    return 'not eligible due to a terminating pod on the nominated node.';
  }
  return undefined;
}

/** DefaultPreemption: PostFilter that nominates a node and the victims to evict when no node fits. */
export function defaultPreemption(args: DefaultPreemptionArgs = {}): Plugin {
  const pct = args.minCandidateNodesPercentage ?? 10;
  const abs = args.minCandidateNodesAbsolute ?? 100;
  return {
    name: 'DefaultPreemption',
    postFilter(ctx, statuses, fw): PostFilterResult {
      const notEligible = eligible(ctx);
      if (notEligible) return { status: status('Unschedulable', `preemption: ${notEligible}`) };
      const all = ctx.snapshot.nodes;
      const potential = all.filter((n) => statuses.get(n.name)?.code === 'Unschedulable');
      const nodeStatuses = new Map<string, Status>();
      const cands: Candidate[] = [];
      if (potential.length > 0) {
        const offset = Math.floor(ctx.rand() * potential.length);
        let want = Math.trunc((potential.length * pct) / 100);
        if (want < abs) want = abs;
        if (want > potential.length) want = potential.length;
        let nonViolating = 0;
        for (let i = 0; i < potential.length; i++) {
          const n = potential[(offset + i) % potential.length]!;
          const r = selectVictimsOnNode(fw, ctx, n, ctx.snapshot.pdbs);
          if ('code' in r) {
            nodeStatuses.set(n.name, r);
            continue;
          }
          cands.push({ node: n.name, ...r });
          if (r.numPDBViolations === 0) nonViolating++;
          if (nonViolating > 0 && cands.length >= want) break;
        }
      }
      const best = pickOneNode([...cands.filter((c) => c.numPDBViolations === 0), ...cands.filter((c) => c.numPDBViolations > 0)]);
      if (!best) {
        for (const n of all) if (!nodeStatuses.has(n.name)) nodeStatuses.set(n.name, status('UnschedulableAndUnresolvable', PREEMPTION_NOT_HELPFUL));
        return { status: status('Unschedulable', `preemption: ${fitErrorMessage(all.length, nodeStatuses.values())}`), nominatedNodeName: '' };
      }
      return { status: status('Success'), nominatedNodeName: best.node, victims: best.victims.map((v) => v.pod) };
    },
  };
}
