import type { ControllerRevision, DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Action, CreateAction, GroupResource, ReconcileResult } from '../actions';
import { eventAction, podCreateEvents } from '../events';
import { selectorIsEmpty, selectorMatches } from '../label-selector';
import { asKube } from '../object-like';
import { claimObjects, newControllerRef } from '../owner-refs';
import { isPodAvailable, isPodReady, msUntilAvailable } from '../pod-util';
import { slowStartBatches } from '../slow-start';
import { calculateDaemonSetStatus, daemonSetStatusUnchanged, byCreationTimestampAndPhase } from './daemon-status';
import { cleanupHistory, constructHistory } from './daemon-history';
import { DAEMONSET_HASH_LABEL, daemonPodTemplate, newDaemonPod, targetNodeName } from './daemon-pod';
import { gcBackoff, inBackoff, nextBackoff, type BackoffEntries } from './failed-pods-backoff';
import { nodeShouldRunDaemonPod, type ShouldRun } from './node-should-run';
import { allowsSurge, rollingUpdate } from './rolling-update';

/** The daemonset controller's event source component. */
export const DAEMONSET_COMPONENT = 'daemonset-controller';
/** daemon.BurstReplicas: at most this many creates (and deletes) per sync. */
export const DAEMONSET_BURST_REPLICAS = 250;

const PODS: GroupResource = { group: '', plural: 'pods' };
const DAEMON_SETS: GroupResource = { group: 'apps', plural: 'daemonsets' };

export interface DaemonSetInput {
  ds: DaemonSet;
  nodes: Node[];
  /** Every pod in the DaemonSet's namespace. */
  pods: Pod[];
  /** Every ControllerRevision in the DaemonSet's namespace. */
  revisions: ControllerRevision[];
  now: number;
  /** failedPodsBackoff entries of this DaemonSet. */
  backoff?: BackoffEntries;
}

export interface DaemonSetResult extends ReconcileResult {
  backoff: BackoffEntries;
}

const isTerminal = (p: Pod) => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';

/** Pods grouped by the node they run on or are meant for (getNodesToDaemonPods). */
function groupByNode(pods: readonly Pod[], includeDeletedTerminal: boolean): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const pod of pods) {
    if (!includeDeletedTerminal && isTerminal(pod) && pod.metadata?.deletionTimestamp) continue;
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    out.set(node, [...(out.get(node) ?? []), pod]);
  }
  return out;
}

/**
 * syncDaemonSet as a pure function: claim pods and revisions, construct the history, create a pod on
 * every node that should run one (and delete the others, failed ones with back-off, and extras),
 * roll out a new template (RollingUpdate) when nothing else was done, prune history, write status.
 */
export function reconcileDaemonSet(input: DaemonSetInput): DaemonSetResult {
  const { ds, now } = input;
  const ns = ds.metadata?.namespace ?? '';
  const actions: Action[] = [];
  let backoff = gcBackoff(input.backoff ?? {}, now);
  if (!ds.spec?.selector || selectorIsEmpty(ds.spec.selector)) {
    actions.push(eventAction(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.', DAEMONSET_COMPONENT, now));
    return { actions, backoff };
  }
  // status of a DaemonSet being deleted cannot be trusted (its history may already be gone)
  if (ds.metadata?.deletionTimestamp) return { actions, backoff };

  const podsInNs = input.pods.filter((p) => (p.metadata?.namespace ?? '') === ns);
  const claim = claimObjects(ds, newControllerRef(ds, 'apps/v1', 'DaemonSet'), PODS, podsInNs, (p) => selectorMatches(ds.spec?.selector, p.metadata?.labels));
  actions.push(...claim.patches);
  const daemonPods = claim.claimed;

  const history = constructHistory(ds, input.revisions.filter((r) => (r.metadata?.namespace ?? '') === ns), daemonPods);
  actions.push(...history.actions);
  if (history.collision || !history.cur) return { actions, backoff, requeueAfterMs: 0 };
  const hash = history.cur.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '';

  const eligibility = new Map<string, ShouldRun>();
  const shouldRun = (node: Node): ShouldRun => {
    const name = node.metadata?.name ?? '';
    let r = eligibility.get(name);
    if (!r) eligibility.set(name, (r = nodeShouldRunDaemonPod(node, ds)));
    return r;
  };
  const nodeToDaemonPods = groupByNode(daemonPods, false);
  const waits: number[] = [];

  // manage
  const nodesNeeding: string[] = [];
  const podsToDelete: string[] = [];
  let eventSeq = 1;
  for (const node of input.nodes) {
    const name = node.metadata?.name ?? '';
    const { shouldRun: run, shouldContinueRunning } = shouldRun(node);
    const pods = nodeToDaemonPods.get(name);
    if (run && !pods) {
      nodesNeeding.push(name);
      continue;
    }
    if (shouldContinueRunning) {
      const running: Pod[] = [];
      for (const pod of pods ?? []) {
        if (pod.metadata?.deletionTimestamp) continue;
        const podName = pod.metadata?.name ?? '';
        if (pod.status?.phase === 'Failed') {
          // the kubelet may keep rejecting the pod: back off instead of hot-looping delete/create
          const key = `${ds.metadata?.uid}/${ds.status?.observedGeneration ?? 0}/${name}`;
          if (inBackoff(backoff, key, now)) {
            const e = backoff[key]!;
            waits.push(e.lastUpdate + e.delayMs - now);
            continue;
          }
          backoff = nextBackoff(backoff, key, now);
          actions.push(eventAction(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${ns}/${podName} on node ${name}, will try to kill it`, DAEMONSET_COMPONENT, now, eventSeq++));
          podsToDelete.push(podName);
        } else if (pod.status?.phase === 'Succeeded') {
          actions.push(eventAction(ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${ns}/${podName} on node ${name}, will try to delete it`, DAEMONSET_COMPONENT, now, eventSeq++));
          podsToDelete.push(podName);
        } else running.push(pod);
      }
      running.sort(byCreationTimestampAndPhase);
      if (!allowsSurge(ds)) {
        // one pod per node: keep the oldest
        for (const extra of running.slice(1)) podsToDelete.push(extra.metadata?.name ?? '');
        continue;
      }
      if (running.length <= 1) {
        if (running.length === 0 && run) nodesNeeding.push(name);
        continue;
      }
      // surging: keep the oldest new and the oldest old pod; the old one goes once unready or replaced
      let oldestNew: Pod | undefined;
      let oldestOld: Pod | undefined;
      for (const pod of running) {
        const isNew = pod.metadata?.labels?.[DAEMONSET_HASH_LABEL] === hash;
        if (isNew && !oldestNew) oldestNew = pod;
        else if (!isNew && !oldestOld) oldestOld = pod;
        else podsToDelete.push(pod.metadata?.name ?? '');
      }
      if (oldestNew && oldestOld) {
        if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, now)) podsToDelete.push(oldestOld.metadata?.name ?? '');
      }
      continue;
    }
    if (pods) for (const pod of pods) if (!pod.metadata?.deletionTimestamp) podsToDelete.push(pod.metadata?.name ?? '');
  }
  // unscheduled pods meant for nodes that no longer exist: nothing else would ever delete them
  const existing = new Set(input.nodes.map((n) => n.metadata?.name ?? ''));
  for (const [node, pods] of nodeToDaemonPods) {
    if (existing.has(node)) continue;
    for (const pod of pods) if (!pod.spec?.nodeName) podsToDelete.push(pod.metadata?.name ?? '');
  }
  const managed = syncNodes(ds, hash, podsToDelete, nodesNeeding, daemonPods, now);
  actions.push(...managed);

  // rolling update, on the pods as manage leaves them (upstream runs it once manage's expectations are observed)
  if (ds.spec?.updateStrategy?.type === 'RollingUpdate') {
    const template = daemonPodTemplate(ds, hash);
    const gone = new Set(managed.flatMap((a) => (a.kind === 'delete' ? [a.name] : [])));
    const rollMap = new Map<string, Pod[]>();
    for (const [node, pods] of nodeToDaemonPods) rollMap.set(node, pods.filter((p) => !gone.has(p.metadata?.name ?? '')));
    for (const a of managed) {
      if (a.kind !== 'create') continue;
      const node = targetNodeName(a.object as Pod) ?? '';
      rollMap.set(node, [...(rollMap.get(node) ?? []), { ...(a.object as Pod), metadata: { ...template.metadata, name: '' } }]);
    }
    let desired = 0;
    for (const node of input.nodes) {
      if (!shouldRun(node).shouldRun) continue;
      desired++;
      if (!rollMap.has(node.metadata?.name ?? '')) rollMap.set(node.metadata?.name ?? '', []);
    }
    const byName = new Map(input.nodes.map((n) => [n.metadata?.name ?? '', n]));
    const step = rollingUpdate({
      ds,
      hash,
      now,
      nodeToDaemonPods: rollMap,
      shouldRun: (n) => (byName.has(n) ? shouldRun(byName.get(n)!).shouldRun : false),
      desiredNumberScheduled: desired,
    });
    actions.push(...syncNodes(ds, hash, step.podsToDelete, step.nodesToCreate, daemonPods, now));
  }

  actions.push(...cleanupHistory(ds, history.old, daemonPods));

  const counts = calculateDaemonSetStatus(ds, input.nodes, shouldRun, nodeToDaemonPods, hash, now);
  if (!daemonSetStatusUnchanged(ds, counts)) {
    const status: DaemonSetStatus = { ...(ds.status ?? ({} as DaemonSetStatus)), ...counts, observedGeneration: ds.metadata?.generation ?? 0 };
    actions.push({ kind: 'updateStatus', resource: DAEMON_SETS, namespace: ns, object: asKube({ ...structuredClone(ds), status } as DaemonSet) });
  }
  // wake when a ready pod passes minReadySeconds (upstream requeues after minReadySeconds) or a back-off ends
  const minReady = ds.spec?.minReadySeconds ?? 0;
  for (const pods of nodeToDaemonPods.values()) for (const p of pods) {
    const w = msUntilAvailable(p, minReady, now);
    if (w !== undefined) waits.push(w);
  }
  const result: DaemonSetResult = { actions, backoff };
  if (waits.length) result.requeueAfterMs = Math.max(1, Math.min(...waits));
  return result;
}

/**
 * syncNodes: at most burstReplicas creates, in slow-start batches, each pod pinned to its node by
 * affinity; then at most burstReplicas deletes.
 */
function syncNodes(ds: DaemonSet, hash: string, podsToDelete: string[], nodesNeeding: string[], pods: readonly Pod[], now: number): Action[] {
  const ns = ds.metadata?.namespace ?? '';
  const actions: Action[] = [];
  const template = daemonPodTemplate(ds, hash);
  const creates = nodesNeeding.slice(0, DAEMONSET_BURST_REPLICAS);
  const { event, failedEvent } = podCreateEvents(ds, DAEMONSET_COMPONENT, now);
  let i = 0;
  slowStartBatches(creates.length).forEach((size, batch) => {
    for (let k = 0; k < size; k++, i++) {
      const create: CreateAction = { kind: 'create', resource: PODS, namespace: ns, object: asKube(newDaemonPod(ds, template, creates[i]!)), event, failedEvent, batch };
      actions.push(create);
    }
  });
  const uids = new Map(pods.map((p) => [p.metadata?.name ?? '', p.metadata?.uid]));
  podsToDelete.slice(0, DAEMONSET_BURST_REPLICAS).forEach((name, k) => {
    actions.push({ kind: 'delete', resource: PODS, namespace: ns, name, preconditions: { uid: uids.get(name) } });
    actions.push(eventAction(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`, DAEMONSET_COMPONENT, now, 100 + k));
  });
  return actions;
}
