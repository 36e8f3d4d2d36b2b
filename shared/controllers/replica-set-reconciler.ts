import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { PODS, REPLICA_SETS, type Action, type CreateAction, type ReconcileResult } from './actions';
import { COMPONENTS, eventAction, podCreateEvents } from './events';
import { expectCreations, expectDeletions, observePods, satisfiedExpectations, type Expectations } from './expectations';
import { selectorMatches } from './label-selector';
import { claimObjects, controllerOf, newControllerRef } from './owner-refs';
import { asKube } from './object-like';
import { podsToDelete } from './pod-ranking';
import { isPodActive, msUntilAvailable, objectKey } from './pod-util';
import { calculateReplicaSetStatus, replicaSetStatusUnchanged, type ManageReplicasError } from './replica-set-status';
import { BURST_REPLICAS, slowStartBatches } from './slow-start';

/** What the ReplicaSet reconciler observes. */
export interface ReplicaSetInput {
  rs: ReplicaSet;
  /** Every pod in the ReplicaSet's namespace. */
  pods: Pod[];
  now: number;
  /** The controller's expectations (all keys); absent means none. */
  expectations?: Expectations;
  /**
   * ReplicaSets of the namespace, to rank co-location across siblings with the same controller. Only a
   * scale-down's choice of pods reads them (upstream's getIndirectlyRelatedPods): a result without them
   * that deletes no pod (deletesPods) is the result with them.
   */
  replicaSets?: ReplicaSet[];
  /** The failure of the last attempt to run this ReplicaSet's creates/deletes (sets ReplicaFailure). */
  lastError?: ManageReplicasError;
  /** creates/deletes per sync (burstReplicas, 500). */
  burstReplicas?: number;
}

/** The reconcile result plus the expectations to persist. */
export interface ReplicaSetResult extends ReconcileResult {
  expectations: Expectations;
}

/** Pod names are `<rs-name>-<5 random>` unless the prefix would be an invalid name (getPodsPrefix). */
export function podPrefix(name: string): string {
  const prefix = `${name}-`;
  return prefix.length <= 253 - 5 && /^[a-z0-9]([-a-z0-9.]*)?$/.test(prefix) ? prefix : name;
}

/** controller.GetPodFromTemplate with the ReplicaSet as controller. */
export function podFromTemplate(rs: ReplicaSet): Pod {
  const meta = rs.spec?.template?.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: podPrefix(rs.metadata?.name ?? ''),
      namespace: rs.metadata?.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [newControllerRef(rs, 'apps/v1', 'ReplicaSet')],
    },
    spec: structuredClone(rs.spec?.template?.spec ?? { containers: [] }),
  };
  if (meta.annotations) pod.metadata!.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) pod.metadata!.finalizers = [...meta.finalizers];
  return pod;
}

/**
 * syncReplicaSet as a pure function: claim pods (adopt/release), create or delete pods towards
 * spec.replicas when expectations allow (slow-start create batches, ranked deletions, at most
 * burstReplicas), and write status.
 * Adapter contract: run create batches in order and stop after a batch with a failure; call
 * `creationObserved` for every create that failed or never ran and `deletionObserved` for a failed delete.
 */
export function reconcileReplicaSet(input: ReplicaSetInput): ReplicaSetResult {
  const { rs, now } = input;
  const key = objectKey(rs);
  const uid = rs.metadata?.uid ?? '';
  const burst = input.burstReplicas ?? BURST_REPLICAS;
  const actions: Action[] = [];
  const inNamespace = input.pods.filter((p) => (p.metadata?.namespace ?? '') === (rs.metadata?.namespace ?? ''));

  let expectations = observePods(
    input.expectations ?? {},
    key,
    inNamespace.map((p) => ({ uid: p.metadata?.uid, key: objectKey(p), owned: controllerOf(p)?.uid === uid, terminating: !!p.metadata?.deletionTimestamp })),
    now,
  );
  const needsSync = satisfiedExpectations(expectations, key, now);

  const active = inNamespace.filter(isPodActive);
  const claim = claimObjects(rs, newControllerRef(rs, 'apps/v1', 'ReplicaSet'), PODS, active, (p) => selectorMatches(rs.spec?.selector, p.metadata?.labels));
  actions.push(...claim.patches);
  const pods = claim.claimed;

  if (needsSync && !rs.metadata?.deletionTimestamp) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      const count = Math.min(-diff, burst);
      expectations = expectCreations(expectations, key, count, now, pods.map((p) => p.metadata?.uid ?? ''));
      // a FailedCreate per refused create, retries too: the recorder folds the repeats into one Event's count
      const { event, failedEvent } = podCreateEvents(rs, COMPONENTS.replicaSet, now);
      slowStartBatches(count).forEach((size, batch) => {
        for (let i = 0; i < size; i++) {
          const create: CreateAction = { kind: 'create', resource: PODS, namespace: rs.metadata?.namespace ?? '', object: asKube(podFromTemplate(rs)), event, failedEvent, batch };
          actions.push(create);
        }
      });
    } else if (diff > 0) {
      const count = Math.min(diff, burst);
      const victims = podsToDelete(pods, relatedPods(rs, inNamespace, pods, input.replicaSets), count, now);
      expectations = expectDeletions(expectations, key, victims.map(objectKey), now);
      victims.forEach((pod, i) => {
        const name = pod.metadata?.name ?? '';
        actions.push({ kind: 'delete', resource: PODS, namespace: pod.metadata?.namespace ?? '', name, preconditions: { uid: pod.metadata?.uid } });
        actions.push(eventAction(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`, COMPONENTS.replicaSet, now, i + 1));
      });
    }
  }

  const status = calculateReplicaSetStatus(rs, pods, now, input.lastError);
  status.observedGeneration = rs.metadata?.generation ?? status.observedGeneration;
  if (!replicaSetStatusUnchanged(rs, status)) {
    actions.push({ kind: 'updateStatus', resource: REPLICA_SETS, namespace: rs.metadata?.namespace ?? '', object: asKube({ ...structuredClone(rs), status } as ReplicaSet) });
  }

  // Wake up when the next ready pod passes minReadySeconds, instead of upstream's coarse
  // "requeue after minReadySeconds" safety net.
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const waits = pods.map((p) => msUntilAvailable(p, minReady, now)).filter((w): w is number => w !== undefined);
  const requeueAfterMs = waits.length ? Math.min(...waits) : undefined;
  return requeueAfterMs === undefined ? { actions, expectations } : { actions, expectations, requeueAfterMs };
}

/** Whether a result deletes pods: only then does it depend on `replicaSets` (a caller lists them for that case alone). */
export function deletesPods(result: ReconcileResult): boolean {
  return result.actions.some((a) => a.kind === 'delete' && a.resource.plural === 'pods');
}

/** getIndirectlyRelatedPods: pods of every ReplicaSet sharing this one's controller (itself when unknown). */
function relatedPods(rs: ReplicaSet, all: Pod[], own: Pod[], replicaSets: ReplicaSet[] | undefined): Pod[] {
  if (!replicaSets) return own;
  const owner = controllerOf(rs);
  if (!owner) return [];
  const siblings = new Set(replicaSets.filter((r) => controllerOf(r)?.uid === owner.uid).map((r) => r.metadata?.uid));
  siblings.add(rs.metadata?.uid);
  return all.filter((p) => siblings.has(controllerOf(p)?.uid));
}
