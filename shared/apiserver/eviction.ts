import { ApiError } from '../api/errors';
import type { KubeObject, StoredObject } from '../api/object';
import { labelSelectorFromObject, matchesLabels } from '../selectors';

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

export type EvictionDecision =
  | { action: 'delete' }
  | { action: 'delete-and-update-budget'; budget: KubeObject };

/**
 * pods/eviction (upstream's EvictionREST): a pod that is not running may always go; otherwise
 * the one PodDisruptionBudget that selects it must allow a disruption, and is charged for it.
 */
export function decideEviction(pod: StoredObject, budgets: StoredObject[], now: string): EvictionDecision {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending') return { action: 'delete' };
  const labels = pod.metadata.labels ?? {};
  const matching = budgets.filter((b) => {
    const selector = (b.spec as { selector?: unknown } | undefined)?.selector;
    if (!selector) return false;
    return matchesLabels(labelSelectorFromObject(selector as never), labels);
  });
  if (matching.length === 0) return { action: 'delete' };
  if (matching.length > 1) {
    throw new ApiError(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  const pdb = matching[0]!;
  const status = (pdb.status ?? {}) as {
    observedGeneration?: number;
    disruptionsAllowed?: number;
    desiredHealthy?: number;
    currentHealthy?: number;
    disruptedPods?: Record<string, string>;
  };
  const name = pdb.metadata.name;
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) {
    throw tooMany(`The disruption budget ${name} is still being processed by the server.`);
  }
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw new ApiError(403, 'Forbidden', 'pdb disruptions allowed is negative');
  if (allowed === 0) {
    throw tooMany(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  }
  const budget = structuredClone(pdb) as KubeObject;
  budget.status = {
    ...status,
    disruptionsAllowed: allowed - 1,
    disruptedPods: { ...(status.disruptedPods ?? {}), [pod.metadata.name]: now },
  };
  return { action: 'delete-and-update-budget', budget };
}

function tooMany(cause: string): ApiError {
  return new ApiError(429, 'TooManyRequests', VIOLATION, { causes: [{ reason: 'DisruptionBudget', message: cause }] });
}
