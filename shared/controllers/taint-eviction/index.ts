/**
 * Taint eviction controller (kube-controller-manager 1.32, pkg/controller/tainteviction) as pure
 * decisions. A controller host drives it like this:
 *
 * Persist one `PendingEviction` per scheduled deletion (a row keyed `evictionKey(namespace, name)`,
 * with the pod's node so a node's entries can be found); nothing else.
 *
 * When a node's NoExecute taints change, or a pod is bound, changes its tolerations or is deleted
 * (upstream: NodeUpdated/PodUpdated), reconcile that node: read the node and its pods, then
 * `planTaintEvictions({ node, pods, pending: <the node's rows>, now })` (node undefined when gone);
 * delete the `cancel` rows, write the `scheduleAt` rows, record `events`, and execute
 * `evictionActions(pod, now)` for each pod of `deleteNow`. A periodic resync of every node is safe:
 * the plan is level-triggered and keeps existing schedules.
 *
 * Alarm at `nextEvictionAt(rows)`; then for each of `dueEvictions(rows, now)`: read the pod (gone:
 * drop the row), execute `evictionActions(pod, now)` (event, DisruptionTarget condition, delete),
 * and drop the row. Deletions are not rate limited; the node lifecycle controller rate-limits the
 * NoExecute taints instead.
 */
export * from './tolerations';
export * from './taint-eviction-events';
export * from './plan-taint-evictions';
export * from './eviction-actions';
