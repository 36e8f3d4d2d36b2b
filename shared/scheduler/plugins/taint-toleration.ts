import type { Toleration } from 'kubernetes-types/core/v1';
import type { Plugin } from '../framework';
import { status } from '../types';
import { defaultNormalizeScore } from './normalize';
import { firstUntoleratedNoScheduleTaint, tolerated } from './taints';

/**
 * TaintToleration: Filter rejects untolerated NoSchedule/NoExecute taints; Score counts untolerated
 * PreferNoSchedule taints and normalizes in reverse (fewer is better).
 */
export function taintToleration(): Plugin {
  const key = 'TaintToleration/preferTolerations';
  return {
    name: 'TaintToleration',
    filter(ctx, n) {
      const taint = firstUntoleratedNoScheduleTaint(n.taints, ctx.pod.spec?.tolerations ?? []);
      if (!taint) return null;
      return status('UnschedulableAndUnresolvable', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
    },
    preScore(ctx) {
      const tols = (ctx.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
      ctx.state.set(key, { tols } as never);
      return null;
    },
    score(ctx, n) {
      const { tols } = ctx.state.get(key) as unknown as { tols: Toleration[] };
      let count = 0;
      for (const taint of n.taints) if (taint.effect === 'PreferNoSchedule' && !tolerated(tols, taint)) count++;
      return count;
    },
    normalizeScore: (_ctx, scores) => defaultNormalizeScore(scores, true),
  };
}
