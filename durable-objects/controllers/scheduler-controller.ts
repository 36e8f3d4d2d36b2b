import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { runSchedulerCycle, type SchedulerState } from '../../workers/scheduler/run-cycle';
import type { ControllerDef } from './controller-def';

const CYCLE = 'cycle';

/**
 * The scheduler as a controller host: every relevant change queues the one `cycle` key; the cycle
 * (workers/scheduler/run-cycle.ts) keeps its scheduling queue in the host's persisted state.
 */
export const schedulerController: ControllerDef = {
  name: 'scheduler',
  watches: ['pods', 'nodes', 'poddisruptionbudgets.policy', 'configmaps'],
  resyncMs: 60_000,
  wants(n: ChangeNotice): boolean {
    if (n.resource === 'pods') return !n.nodeName || n.type === 'DELETED';
    if (n.resource === 'configmaps') return n.namespace === 'kube-system';
    return true;
  },
  keysFor: () => [CYCLE],
  allKeys: async () => [CYCLE],
  async reconcile(_key, { client, state }) {
    return runSchedulerCycle(client, state as SchedulerState, () => Date.now(), Math.random);
  },
};
