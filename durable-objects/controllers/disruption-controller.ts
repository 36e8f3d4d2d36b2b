import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { anchorHeld } from '../../shared/controllers/notice-scope';
import { stableStringify } from '../../shared/apiserver/object-meta';
import type { Client } from '../../shared/client';
import { pdbStatus } from '../../shared/controllers/disruption';
import type { ControllerDef } from './controller-def';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { PODS, POD_DISRUPTION_BUDGETS } from '../../shared/api/resource-refs';

/**
 * The disruption controller: keeps every PodDisruptionBudget's status (healthy, desired, allowed
 * disruptions) current, which is what pods/eviction — and so `kubectl drain` — decides on.
 * One key per namespace: a pod change may concern any budget there.
 */
export const disruptionController: ControllerDef = {
  name: 'disruption',
  watches: ['poddisruptionbudgets.policy', 'pods'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  // a pod matters only to a namespace's budgets: none there, and the reconcile would list no pods
  wants: (n, scope) => anchorHeld(n, scope, 'poddisruptionbudgets.policy', ['pods']),
  keysFor: (n: ChangeNotice) => (n.namespace ? [n.namespace] : []),
  async allKeys(client: Client): Promise<string[]> {
    const pdbs = (await client.resource<PodDisruptionBudget>(POD_DISRUPTION_BUDGETS).list()).items;
    return [...new Set(pdbs.map((p) => p.metadata!.namespace!))];
  },
  async reconcile(namespace, { client, now }) {
    const budgets = (await client.resource<PodDisruptionBudget>(POD_DISRUPTION_BUDGETS).namespace(namespace).list()).items;
    if (!budgets.length) return {};
    const pods = (await client.resource<Pod>(PODS).namespace(namespace).list()).items;
    let soonest: number | undefined;
    for (const pdb of budgets) {
      const status = pdbStatus(pdb, pods, now);
      if (stableStringify(status) !== stableStringify(pdb.status ?? {})) {
        await client.resource<PodDisruptionBudget>(POD_DISRUPTION_BUDGETS).namespace(namespace).updateStatus({ ...pdb, status });
      }
      // a granted eviction expires from disruptedPods after its timeout: look again then
      if (status.disruptedPods) soonest = Math.min(soonest ?? Infinity, 30_000);
    }
    return soonest === undefined ? {} : { requeueAfterMs: soonest };
  },
};
