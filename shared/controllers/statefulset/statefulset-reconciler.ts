import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { Action, GroupResource } from '../actions';
import { eventAction, makeEvent } from '../events';
import { selectorMatches } from '../label-selector';
import { asKube } from '../object-like';
import { adoptPatch, claimObjects, controllerOf, newControllerRef } from '../owner-refs';
import { msUntilAvailable } from '../pod-util';
import { scaledValue } from '../rollout-math';
import { slowStartBatches } from '../slow-start';
import { claimOwnerRefsFor, hasStaleOwnerRef, hasUnexpectedController, isClaimOwnerUpToDate, retentionPolicy } from './claim-retention';
import {
  endOrdinal, getOrdinal, identityMatches, inOrdinalRange, isCreated, isFailed, isHealthy, isMemberOf, isPending, isRunningAndAvailable,
  isRunningAndReady, isSucceeded, isTerminating, newStatefulSetPod, podClaims, podRevision, replicasOf, startOrdinal, storageMatches,
  STATEFULSET_REVISION_LABEL, updateIdentity, updateStorage,
} from './stateful-pod-identity';
import { applyRevision, getStatefulSetRevisions } from './statefulset-revisions';
import { completeRollingUpdate, inconsistentStatus, replicaCounts } from './statefulset-status';

export const STATEFULSET_COMPONENT = 'statefulset-controller';
const PODS: GroupResource = { group: '', plural: 'pods' };
const CLAIMS: GroupResource = { group: '', plural: 'persistentvolumeclaims' };
const STATEFUL_SETS: GroupResource = { group: 'apps', plural: 'statefulsets' };

export interface StatefulSetInput {
  set: StatefulSet;
  /** Every pod, PersistentVolumeClaim and ControllerRevision in the set's namespace. */
  pods: Pod[];
  claims: PersistentVolumeClaim[];
  revisions: ControllerRevision[];
  now: number;
}

export interface StatefulSetResult {
  actions: Action[];
  requeueAfterMs?: number;
  /** A step that must be retried (a claim being deleted): the adapter fails the sync after the actions. */
  error?: string;
}

/** newVersionedStatefulSetPod: below the partition (or currentReplicas) a pod is made at the current revision. */
function newVersionedPod(currentSet: StatefulSet, updateSet: StatefulSet, currentRevision: string, updateRevision: string, ordinal: number): Pod {
  const s = currentSet.spec?.updateStrategy;
  const start = startOrdinal(currentSet);
  // upstream's condition, with Go's && binding tighter than ||
  const atCurrent =
    (s?.type === 'RollingUpdate' && !s.rollingUpdate && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (!!s?.rollingUpdate && ordinal < start + (s.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(atCurrent ? currentSet : updateSet, ordinal);
  pod.metadata!.labels![STATEFULSET_REVISION_LABEL] = atCurrent ? currentRevision : updateRevision;
  return pod;
}

/** getStatefulSetMaxUnavailable: maxUnavailable of the replicas, rounded down, at least 1. */
export function statefulSetMaxUnavailable(value: number | string | undefined, replicas: number): number {
  return Math.max(1, scaledValue(value ?? 1, replicas, false));
}

/**
 * The StatefulSet controller's sync (stateful_set.go, stateful_set_control.go) as a pure function: claim pods
 * and revisions, work out the current and update revisions, create missing pods (with their claims) in
 * ordinal order — one at a time, each Running and Ready first, under OrderedReady; all at once under
 * Parallel — delete pods beyond the replicas from the highest ordinal, keep claims' owner references in line
 * with the retention policy, roll pods to the update revision from the highest ordinal down to the
 * partition, write status and prune history.
 */
export function reconcileStatefulSet(input: StatefulSetInput): StatefulSetResult {
  const { now } = input;
  const set = input.set;
  const ns = set.metadata?.namespace ?? '';
  const name = set.metadata?.name ?? '';
  const actions: Action[] = [];
  let seq = 1;
  const event = (type: 'Normal' | 'Warning', reason: string, message: string) => eventAction(set, type, reason, message, STATEFULSET_COMPONENT, now, seq++);
  const selector = set.spec?.selector;

  // getPodsForStatefulSet and adoptOrphanRevisions
  const claim = claimObjects(set, newControllerRef(set, 'apps/v1', 'StatefulSet'), PODS, input.pods.filter((p) => p.metadata?.namespace === ns), (p) => selectorMatches(selector, p.metadata?.labels) && isMemberOf(set, p));
  actions.push(...claim.patches);
  const pods = claim.claimed;
  const own = input.revisions.filter((r) => r.metadata?.namespace === ns && selectorMatches(selector, r.metadata?.labels) && (!controllerOf(r) || controllerOf(r)!.uid === set.metadata?.uid));
  for (const r of own) if (!controllerOf(r) && !set.metadata?.deletionTimestamp) actions.push(adoptPatch({ group: 'apps', plural: 'controllerrevisions' }, r, newControllerRef(set, 'apps/v1', 'StatefulSet')));

  const revs = getStatefulSetRevisions(set, own, input.revisions.filter((r) => r.metadata?.namespace === ns));
  actions.push(...revs.actions);
  const { currentRevision, updateRevision } = revs;
  const currentSet = applyRevision(set, currentRevision);
  const updateSet = applyRevision(set, updateRevision);
  const minReady = set.spec?.minReadySeconds ?? 0;
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata?.generation ?? 0,
    currentRevision: currentRevision.metadata?.name,
    updateRevision: updateRevision.metadata?.name,
    collisionCount: revs.collisionCount,
    replicas: 0,
  };
  const recount = (lists: Pod[][]) => Object.assign(status, replicaCounts(lists.flat(), minReady, now, status.currentRevision ?? '', status.updateRevision ?? ''));
  recount([pods]);

  const replicaCount = replicasOf(set);
  const replicas: Pod[] = new Array(replicaCount);
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (inOrdinalRange(pod, set)) replicas[getOrdinal(pod) - startOrdinal(set)] = pod;
    else if (getOrdinal(pod) >= 0) condemned.push(pod);
  }
  for (let ord = startOrdinal(set); ord <= endOrdinal(set); ord++) {
    const i = ord - startOrdinal(set);
    replicas[i] ??= newVersionedPod(currentSet, updateSet, currentRevision.metadata?.name ?? '', updateRevision.metadata?.name ?? '', ord);
  }
  condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));
  const firstUnhealthy = replicas.find((p) => !isHealthy(p)) ?? [...condemned].reverse().find((p) => !isHealthy(p));

  // the claims as this sync leaves them, so later steps see its own creates and updates
  const claims = new Map(input.claims.filter((c) => c.metadata?.namespace === ns).map((c) => [c.metadata?.name ?? '', c]));
  let error: string | undefined;
  const podEvent = (verb: string, pod: Pod) => event('Normal', `Successful${verb[0]!.toUpperCase()}${verb.slice(1)}`, `${verb} Pod ${pod.metadata?.name} in StatefulSet ${name} successful`);

  /** createPersistentVolumeClaims (with the retention policy's references); false when a claim is being deleted. */
  const createClaims = (target: StatefulSet, pod: Pod): boolean => {
    for (const c of podClaims(target, pod).values()) {
      const existing = claims.get(c.metadata!.name!);
      if (existing?.metadata?.deletionTimestamp) {
        error = `failed to create PVC ${c.metadata!.name}: pvc ${c.metadata!.name} is being deleted`;
        return false;
      }
      if (existing) continue;
      c.metadata!.ownerReferences = claimOwnerRefsFor(c, target, pod);
      if (!c.metadata!.ownerReferences.length) delete c.metadata!.ownerReferences;
      actions.push({ kind: 'create', resource: CLAIMS, namespace: ns, object: asKube(c) });
      actions.push(event('Normal', 'SuccessfulCreate', `create Claim ${c.metadata!.name} Pod ${pod.metadata?.name} in StatefulSet ${name} success`));
      claims.set(c.metadata!.name!, c);
    }
    return true;
  };
  const claimsOf = (target: StatefulSet, pod: Pod) => [...podClaims(target, pod).keys()].map((t) => claims.get(`${t}-${name}-${getOrdinal(pod)}`)).filter((c): c is PersistentVolumeClaim => !!c);
  const claimsMatchRetention = (target: StatefulSet, pod: Pod) => claimsOf(target, pod).every((c) => isClaimOwnerUpToDate(c, target, pod));
  /** UpdatePodClaimForRetentionPolicy. */
  const updateClaimsForRetention = (target: StatefulSet, pod: Pod) => {
    for (const c of claimsOf(target, pod)) {
      if (hasUnexpectedController(c, target, pod)) {
        actions.push(event('Warning', 'ConflictingController', `PersistentVolumeClaim ${c.metadata?.name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`));
      }
      if (isClaimOwnerUpToDate(c, target, pod)) continue;
      const updated = { ...c, metadata: { ...c.metadata, ownerReferences: claimOwnerRefsFor(c, target, pod) } };
      actions.push({ kind: 'update', resource: CLAIMS, namespace: ns, object: asKube(updated) });
      claims.set(c.metadata!.name!, updated);
    }
  };
  const deletePod = (pod: Pod) => {
    actions.push({ kind: 'delete', resource: PODS, namespace: ns, name: pod.metadata?.name ?? '', preconditions: { uid: pod.metadata?.uid } });
    actions.push(podEvent('delete', pod));
  };

  /** updateStatus (after a recount, unless the rolling update has adjusted it), status write, truncateHistory. */
  const finish = (recountFirst = true): StatefulSetResult => {
    if (recountFirst) recount([replicas, condemned]);
    completeRollingUpdate(set, status);
    if (inconsistentStatus(set, status)) actions.push({ kind: 'updateStatus', resource: STATEFUL_SETS, namespace: ns, object: asKube({ ...structuredClone(set), status } as StatefulSet) });
    actions.push(...truncateHistory(set, pods, own, currentRevision, updateRevision));
    const result: StatefulSetResult = { actions };
    if (error) result.error = error;
    const waits = pods.map((p) => msUntilAvailable(p, minReady, now)).filter((w): w is number => w !== undefined);
    if (waits.length) result.requeueAfterMs = Math.min(...waits);
    return result;
  };

  if (set.metadata?.deletionTimestamp) return finish();
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  const creates: Action[] = [];

  /** processReplica: true when a monotonic sync must stop here. */
  const processReplica = (pod: Pod): boolean => {
    if (isFailed(pod) || isSucceeded(pod)) {
      // a pod that ran to completion is restarted under its identity: delete it, recreate it next sync
      if (!isTerminating(pod)) deletePod(pod);
      return true;
    }
    if (!isCreated(pod)) {
      if (retentionPolicy(set).whenScaled !== 'Retain' && claimsOf(set, pod).some((c) => hasStaleOwnerRef(c, pod, { apiVersion: 'v1', kind: 'Pod' }))) return true;
      if (!createClaims(set, pod)) return true;
      const create = { kind: 'create' as const, resource: PODS, namespace: ns, object: asKube(pod), event: makeEvent(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata?.name} in StatefulSet ${name} successful`, STATEFULSET_COMPONENT, now, seq++) };
      (monotonic ? actions : creates).push(create);
      if (monotonic) return true;
      return false;
    }
    if (isPending(pod)) {
      if (!createClaims(set, pod)) return true;
      updateClaimsForRetention(set, pod);
    }
    if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))) return true;
    const retentionMatch = claimsMatchRetention(updateSet, pod);
    if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false;
    // UpdateStatefulPod: restore identity and storage, create missing claims, fix their references
    const copy = structuredClone(pod);
    let consistent = true;
    if (!identityMatches(updateSet, copy)) {
      updateIdentity(updateSet, copy);
      consistent = false;
    }
    if (!storageMatches(updateSet, copy)) {
      updateStorage(updateSet, copy);
      consistent = false;
      if (!createClaims(updateSet, copy)) return true;
    }
    if (!claimsMatchRetention(updateSet, copy)) {
      updateClaimsForRetention(updateSet, copy);
      consistent = false;
    }
    if (!consistent) {
      actions.push({ kind: 'update', resource: PODS, namespace: ns, object: asKube(copy) });
      actions.push(podEvent('update', copy));
    }
    return false;
  };

  for (const pod of replicas) {
    if (processReplica(pod) && monotonic) return finish();
    if (error) return finish();
  }
  // Parallel: the pod creates go in slow-start batches (runForAll's slowStartBatch)
  let i = 0;
  slowStartBatches(creates.length).forEach((size, batch) => {
    for (let k = 0; k < size; k++) actions.push({ ...(creates[i++] as Extract<Action, { kind: 'create' }>), batch });
  });

  // condemned pods' claims follow the policy before the pods go (a scaled-down pod may own its claims)
  for (const pod of condemned) if (!claimsMatchRetention(updateSet, pod)) updateClaimsForRetention(updateSet, pod);
  // processCondemned: from the highest ordinal, each waiting for its predecessors to be healthy
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return finish();
      continue;
    }
    if (monotonic && pod !== firstUnhealthy && (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))) return finish();
    deletePod(pod);
    if (monotonic) return finish();
  }
  recount([replicas, condemned]);
  if (set.spec?.updateStrategy?.type === 'OnDelete') return finish();

  const rolling = set.spec?.updateStrategy?.rollingUpdate;
  const updateMin = rolling?.partition ?? 0;
  const stale = (p: Pod) => podRevision(p) !== updateRevision.metadata?.name && !isTerminating(p);
  if (rolling?.maxUnavailable === undefined) {
    // the update one pod at a time, highest ordinal first, each waiting for the one before to be healthy
    for (let target = replicas.length - 1; target >= updateMin; target--) {
      if (stale(replicas[target]!)) {
        deletePod(replicas[target]!);
        status.currentReplicas = (status.currentReplicas ?? 0) - 1;
        return finish(false);
      }
      if (!isHealthy(replicas[target]!)) return finish(false);
    }
    return finish(false);
  }
  // maxUnavailable (the MaxUnavailableStatefulSet behaviour): up to that many unhealthy pods at once
  const maxUnavailable = statefulSetMaxUnavailable(rolling.maxUnavailable, replicaCount);
  const unavailable = replicas.filter((p) => !isHealthy(p)).length;
  let toDelete = maxUnavailable - unavailable;
  for (let target = replicas.length - 1; target >= updateMin && toDelete > 0; target--) {
    if (!stale(replicas[target]!)) continue;
    deletePod(replicas[target]!);
    status.currentReplicas = (status.currentReplicas ?? 0) - 1;
    toDelete--;
  }
  return finish(false);
}

/**
 * truncateHistory: revisions no pod, nor status, uses are history; beyond revisionHistoryLimit (default 10)
 * the lowest revisions go.
 */
function truncateHistory(set: StatefulSet, pods: Pod[], revisions: ControllerRevision[], current: ControllerRevision, update: ControllerRevision): Action[] {
  const live = new Set([current.metadata?.name, update.metadata?.name, ...pods.map(podRevision)]);
  const history = revisions.filter((r) => !live.has(r.metadata?.name)).sort((a, b) => a.revision - b.revision);
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  if (history.length <= limit) return [];
  return history.slice(0, history.length - limit).map((r) => ({ kind: 'delete', resource: { group: 'apps', plural: 'controllerrevisions' }, namespace: set.metadata?.namespace ?? '', name: r.metadata?.name ?? '', preconditions: { uid: r.metadata?.uid } }));
}
