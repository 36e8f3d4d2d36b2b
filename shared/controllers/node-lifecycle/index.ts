/**
 * Node lifecycle controller (kube-controller-manager 1.32, pkg/controller/nodelifecycle) as pure
 * decisions. A controller host drives it like this:
 *
 * Persist, row by row, the three tables of `NodeLifecycleStores` (an `EntryStore` has the shape of
 * the host's row tables): `health` (one NodeHealthData per node), `zones` (one ZoneRecord per zone:
 * state and token bucket), `queue` (one TimedValue per node waiting for its NoExecute taint, keyed
 * `<zone>/<node>`). Nothing else is kept between alarms; the functions update the stores in place
 * as if every returned action succeeds.
 *
 * Every `nodeMonitorPeriodMs` (5 s of cluster time):
 * 1. read all nodes and their kube-node-lease Leases; `monitorNodeHealth({nodes, leases, stores, now, config})`;
 * 2. execute `actions` in order (node status updates, merged taint patches, events; a conflict is
 *    harmless — the next pass recomputes from fresh reads);
 * 3. for each name in `markPodsNotReady`: list the node's pods, `markPodsNotReady(pods, name, now)`,
 *    write each update with `podStatusUpdate` (NotFound: skip) and record its event after it, then
 *    `setPodsNotReadyRetry(stores, name, anyFailed)`;
 * 4. `noExecuteTaintingPass(nodes, stores, now)` and execute its patches (`retryTainting` on a
 *    failure); arm the alarm at min(now + nodeMonitorPeriodMs, its `nextTryAt`) — upstream polls the
 *    queues every 100 ms, the alarm only wakes when a token and a due node are both there.
 *
 * On every node change (NoSchedule taints follow conditions, TaintNodesByCondition):
 * `computeNoScheduleTaints(node, now)` and, when `taints` is set, `nodeTaintsPatch(node, taints)`.
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
