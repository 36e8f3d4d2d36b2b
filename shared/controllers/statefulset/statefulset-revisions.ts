import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Action, GroupResource } from '../actions';
import { equalRevision, findEqualRevisions, newControllerRevision, nextRevision, resolveRevisionName, sortControllerRevisions, templateOfRevision, templatePatch } from '../history';
import { asKube } from '../object-like';

export const CONTROLLER_REVISIONS: GroupResource = { group: 'apps', plural: 'controllerrevisions' };

/** newRevision: the set's template patch as a revision, labelled like its pods, carrying the set's annotations. */
export function newStatefulSetRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const cr = newControllerRevision(set, 'apps/v1', 'StatefulSet', set.spec?.template?.metadata?.labels, templatePatch(set.spec?.template), revision, collisionCount);
  if (set.metadata?.annotations) cr.metadata!.annotations = { ...(cr.metadata!.annotations ?? {}), ...set.metadata.annotations };
  return cr;
}

/** ApplyRevision: the set as it was at `revision` (its template restored). */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const clone = structuredClone(set);
  const template = templateOfRevision(revision.data);
  if (template) clone.spec = { ...clone.spec!, template };
  return clone;
}

export interface StatefulSetRevisions {
  currentRevision: ControllerRevision;
  updateRevision: ControllerRevision;
  collisionCount: number;
  actions: Action[];
}

/**
 * getStatefulSetRevisions: the update revision is the set's template — the newest revision when equal, an
 * older equal one renumbered (a rollback), or a new one (renamed past name collisions); the current revision
 * is the one status names, else the update revision.
 * `revisions` are the set's own (sorted); `inNamespace` all, for name collisions.
 */
export function getStatefulSetRevisions(set: StatefulSet, revisions: readonly ControllerRevision[], inNamespace: readonly ControllerRevision[]): StatefulSetRevisions {
  const sorted = sortControllerRevisions(revisions);
  const actions: Action[] = [];
  let collisionCount = set.status?.collisionCount ?? 0;
  let updateRevision = newStatefulSetRevision(set, nextRevision(sorted), collisionCount);
  const equal = findEqualRevisions(sorted, updateRevision);
  const ns = set.metadata?.namespace ?? '';
  if (equal.length > 0 && equalRevision(sorted[sorted.length - 1], equal[equal.length - 1])) {
    updateRevision = sorted[sorted.length - 1]!;
  } else if (equal.length > 0) {
    updateRevision = { ...equal[equal.length - 1]!, revision: updateRevision.revision };
    actions.push({ kind: 'update', resource: CONTROLLER_REVISIONS, namespace: ns, object: asKube(updateRevision) });
  } else {
    const byName = new Map(inNamespace.map((r) => [r.metadata?.name ?? '', r]));
    const resolved = resolveRevisionName(set, updateRevision, collisionCount, byName);
    collisionCount = resolved.collisionCount;
    updateRevision = resolved.revision;
    if (!resolved.exists) actions.push({ kind: 'create', resource: CONTROLLER_REVISIONS, namespace: ns, object: asKube(updateRevision) });
  }
  const currentRevision = sorted.find((r) => r.metadata?.name === set.status?.currentRevision) ?? updateRevision;
  return { currentRevision, updateRevision, collisionCount, actions };
}
