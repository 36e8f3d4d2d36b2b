import type { Node, NodeAffinity, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import type { Plugin } from '../framework';
import { compileRequiredNodeAffinity, nodeSelectorMatches, nodeSelectorTermMatches } from '../labels';
import { status } from '../types';
import { defaultNormalizeScore } from './normalize';

/** NodeAffinityArgs: affinity added to every pod of the profile. */
export interface NodeAffinityArgs {
  addedAffinity?: NodeAffinity;
}

/** ErrReasonPod. */
export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

interface State {
  required: (n: Node) => boolean;
  preferred: PreferredSchedulingTerm[];
}

/** NodeAffinity: nodeSelector + required terms filter (all operators incl. Gt/Lt); preferred term weights score. */
export function nodeAffinity(args: NodeAffinityArgs = {}): Plugin {
  const addedRequired = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const addedPreferred = args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const key = 'NodeAffinity';
  return {
    name: 'NodeAffinity',
    preFilter(ctx) {
      const spec = ctx.pod.spec;
      const hasSelector = Object.keys(spec?.nodeSelector ?? {}).length > 0;
      const hasRequired = !!spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!hasSelector && !hasRequired && !addedRequired) return status('Skip');
      ctx.state.set(key, { required: compileRequiredNodeAffinity(ctx.pod), preferred: [] } as State as never);
      return null;
    },
    filter(ctx, n) {
      if (addedRequired && !nodeSelectorMatches(addedRequired, n.node)) {
        return status('UnschedulableAndUnresolvable', "node(s) didn't match scheduler-enforced node affinity");
      }
      const s = ctx.state.get(key) as unknown as State;
      return s.required(n.node) ? null : status('UnschedulableAndUnresolvable', ERR_REASON_NODE_AFFINITY);
    },
    preScore(ctx) {
      const preferred = [...addedPreferred, ...(ctx.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])];
      if (preferred.length === 0) return status('Skip');
      ctx.state.set(`${key}/score`, { required: () => true, preferred } as State as never);
      return null;
    },
    score(ctx, n) {
      const s = ctx.state.get(`${key}/score`) as unknown as State;
      let total = 0;
      for (const t of s.preferred) if (t.weight !== 0 && nodeSelectorTermMatches(t.preference, n.node)) total += t.weight;
      return total;
    },
    normalizeScore: (_ctx, scores) => defaultNormalizeScore(scores, false),
  };
}
