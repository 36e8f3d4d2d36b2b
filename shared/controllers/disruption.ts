import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { labelSelectorFromObject, matchesLabels } from '../selectors';
import { formatTime, parseTime } from './time';

/** How long an eviction's entry in disruptedPods stands before the pod is expected to be gone (upstream DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function scaled(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const pct = Number.parseInt(value.replace('%', ''), 10);
  const raw = (pct * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/**
 * The disruption controller's status for one budget (pkg/controller/disruption), over the pods of
 * its namespace. Simplification: the expected pod count is the number of selected pods, not the
 * sum of their controllers' scale (upstream's getExpectedPodCount for percentages and maxUnavailable).
 */
export function pdbStatus(pdb: PodDisruptionBudget, pods: readonly Pod[], now: number): PodDisruptionBudgetStatus {
  const reqs = labelSelectorFromObject(pdb.spec?.selector ?? null);
  const selected = pods.filter((p) => {
    const phase = p.status?.phase;
    return matchesLabels(reqs, p.metadata?.labels ?? {}) && phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata?.deletionTimestamp;
  });
  // evictions granted but not yet carried out still count against the budget
  const disrupted: Record<string, string> = {};
  for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
    const t = parseTime(at);
    if (t !== undefined && now - t < DELETION_TIMEOUT_MS && selected.some((p) => p.metadata?.name === name)) disrupted[name] = at;
  }
  const expectedPods = selected.length;
  const currentHealthy = selected.filter((p) => isReady(p) && !(p.metadata?.name! in disrupted)).length;
  const spec = pdb.spec ?? {};
  let desiredHealthy: number;
  if (spec.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expectedPods - scaled(spec.maxUnavailable, expectedPods, true));
  else desiredHealthy = scaled(spec.minAvailable ?? 1, expectedPods, true);
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  const previous = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
  const allowed = disruptionsAllowed > 0 ? 'True' : 'False';
  return {
    observedGeneration: pdb.metadata?.generation ?? 1,
    ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    conditions: [
      {
        type: 'DisruptionAllowed',
        status: allowed,
        reason: allowed === 'True' ? 'SufficientPods' : 'InsufficientPods',
        message: '',
        observedGeneration: pdb.metadata?.generation ?? 1,
        lastTransitionTime: previous?.status === allowed && previous.lastTransitionTime ? previous.lastTransitionTime : formatTime(now),
      },
    ],
  };
}
