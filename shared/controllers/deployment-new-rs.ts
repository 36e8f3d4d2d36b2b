import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { getCondition, setCondition } from './conditions';
import type { DeploymentSync } from './deployment-context';
import { REVISION_ANNOTATION, maxRevision, setNewReplicaSetAnnotations } from './deployment-annotations';
import { REASONS, hasProgressDeadline, newDeploymentCondition } from './deployment-conditions';
import { computeHash } from './hash';
import { controllerOf, newControllerRef } from './owner-refs';
import { maxSurge, newRSNewReplicas, replicasOf } from './rollout-math';
import { POD_TEMPLATE_HASH, equalIgnoreHash } from './template-equality';

/** deploymentutil.FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's. */
export function findNewReplicaSet(sync: DeploymentSync): ReplicaSet | undefined {
  return [...sync.rss].sort(sync.byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, sync.d.spec?.template));
}

/** The new ReplicaSet (if any) and all the others. */
export interface ReplicaSetSplit {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

/** SetDeploymentRevision: true when the deployment's revision annotation changed. */
function setDeploymentRevision(sync: DeploymentSync, revision: string | undefined): boolean {
  if (revision === undefined) return false;
  const meta = (sync.d.metadata ??= {});
  if (meta.annotations?.[REVISION_ANNOTATION] === revision) return false;
  meta.annotations = { ...meta.annotations, [REVISION_ANNOTATION]: revision };
  sync.revisionChanged = true;
  return true;
}

/**
 * getAllReplicaSetsAndSyncRevision: find the new ReplicaSet and bring its revision to max(old)+1
 * (a rollback re-uses an old one and records its old revision in revision-history); create it when
 * asked and missing. `namespaceRSs` detects a hash collision with a ReplicaSet we do not own.
 */
export function getAllReplicaSetsAndSyncRevision(sync: DeploymentSync, namespaceRSs: ReplicaSet[], create: boolean): ReplicaSetSplit {
  const { d, now } = sync;
  const existing = findNewReplicaSet(sync);
  const oldRSs = sync.rss.filter((rs) => rs !== existing);
  const newRevision = maxRevision(oldRSs) + 1;
  const replicas = replicasOf(d);
  const max = replicas + maxSurge(d);

  if (existing) {
    const annotationsUpdated = setNewReplicaSetAnnotations(d, existing, newRevision, true, replicas, max);
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (annotationsUpdated || (existing.spec?.minReadySeconds ?? 0) !== minReady) {
      existing.spec = { ...(existing.spec as NonNullable<ReplicaSet['spec']>), minReadySeconds: minReady };
      sync.touch(existing);
      // Upstream returns right after this update; the deployment's revision follows next sync.
      return { newRS: existing, oldRSs };
    }
    setDeploymentRevision(sync, existing.metadata?.annotations?.[REVISION_ANNOTATION]);
    if (hasProgressDeadline(d) && !getCondition(d.status!.conditions, 'Progressing')) {
      const cond = newDeploymentCondition('Progressing', 'True', REASONS.foundNewRS, `Found new replica set "${existing.metadata?.name}"`, now);
      d.status!.conditions = setCondition(d.status!.conditions, cond);
    }
    return { newRS: existing, oldRSs };
  }
  if (!create) return { newRS: undefined, oldRSs };

  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  const name = `${d.metadata?.name}-${hash}`;
  const clash = namespaceRSs.find((rs) => rs.metadata?.name === name);
  if (clash) {
    const ours = controllerOf(clash)?.uid === d.metadata?.uid && equalIgnoreHash(clash.spec?.template, d.spec?.template);
    if (!ours) {
      // Another template hashed to the same name: salt the hash and retry (status.collisionCount).
      d.status!.collisionCount = (d.status!.collisionCount ?? 0) + 1;
      sync.requeue(0);
      return { newRS: undefined, oldRSs };
    }
  }
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata?.namespace,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      labels: { ...template.metadata.labels },
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec!.replicas = count;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false, replicas, max);
  sync.create(newRS);
  if (count > 0) sync.event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${count}`);
  setDeploymentRevision(sync, String(newRevision));
  if (hasProgressDeadline(d)) {
    const cond = newDeploymentCondition('Progressing', 'True', REASONS.newRS, `Created new replica set "${name}"`, now);
    d.status!.conditions = setCondition(d.status!.conditions, cond);
  }
  return { newRS, oldRSs };
}
