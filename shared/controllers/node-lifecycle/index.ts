/**
 * Node lifecycle controller (kube-controller-manager 1.32, pkg/controller/nodelifecycle) as pure
 * decisions; time is always the `now` argument (cluster clock, ms). How a controller host drives it:
 *
 * Persist the three tables of `NodeLifecycleStores`, row by row (an `EntryStore` has the shape of
 * the host's row tables: get/put/delete/scan): `health` — one NodeHealthData per node (also the set
 * of known nodes: a node without a row is "added", gets RegisteredNode and loses stale NoExecute
 * taints); `zones` — one ZoneRecord per zone (state + token bucket); `queue` — one TimedValue per
 * node waiting for its NoExecute taint, keyed `<zone>/<node>`. Nothing else is kept. The functions
 * update the stores in place as if every returned action succeeds; a failed write is simply redone
 * by a later pass, which recomputes from fresh reads. Cost: a `health` row changes on each Lease
 * renewal (about every 10 s per node), unchanged rows are not rewritten.
 *
 * Every `config.nodeMonitorPeriodMs` (5 s of cluster time):
 * 1. read all nodes and their kube-node-lease Leases (by node name);
 *    `const r = monitorNodeHealth({ nodes, leases, stores, now, config })`;
 * 2. execute `r.actions` in order (node status updates, one merged taint patch per node, events);
 * 3. for each name in `r.markPodsNotReady`: list the node's pods, `markPodsNotReady(pods, name, now)`,
 *    write each of `updates` with `podStatusUpdate` (NotFound: skip) and record its event after it,
 *    then `setPodsNotReadyRetry(stores, name, anyWriteFailed)` (a failed one is retried next pass);
 * 4. `noExecuteTaintingPass(nodes, stores, now)`: execute its patches (`retryTainting` on a failure)
 *    and re-arm the alarm at min(now + nodeMonitorPeriodMs, nextTryAt). Upstream polls the queues
 *    every 100 ms; the alarm only needs to wake when a due node and a token are both there, so the
 *    tainting pass can also run alone at `nextTryAt` between monitor passes.
 *
 * On a node change (TaintNodesByCondition): `computeNoScheduleTaints(node, now)` and, when it returns
 * `taints`, `nodeTaintsPatch(node, taints)`. On a pod bound to a node: when
 * `podNeedsNotReady(stores.health.get(nodeName))`, read that one pod and write
 * `processPod(pod, nodeName, health, now)` (markPodsNotReady with that pod alone).
 */
export * from './config';
export * from './entry-store';
export * from './taints';
export * from './token-bucket';
export * from './rate-limited-queue';
export * from './zone-state';
export * from './node-health';
export * from './pod-condition';
export * from './node-events';
export * from './node-actions';
export * from './mark-pods-not-ready';
export * from './no-schedule-taints';
export * from './no-execute-taints';
export * from './lifecycle-stores';
export * from './monitor-node-health';
export * from './node-snapshot';
export * from './lifecycle-node';
export * from './node-notice-work';
