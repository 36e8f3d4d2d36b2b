import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { compileRequiredNodeAffinity } from '../scheduler/labels';
import { toleratesTaint } from '../scheduler/plugins/taints';

// The kubelet re-checks what the scheduler checked: one implementation serves both.
export { toleratesTaint };

/** nodeSelector and required node affinity (component-helpers GetRequiredNodeAffinity().Match). */
export function matchesRequiredNodeAffinity(pod: Pod, node: Node): boolean {
  return compileRequiredNodeAffinity(pod)(node);
}

/** The first taint passing `filter` that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, filter: (t: Taint) => boolean): Taint | undefined {
  return (taints ?? []).filter(filter).find((taint) => !(tolerations ?? []).some((t) => toleratesTaint(t, taint)));
}
