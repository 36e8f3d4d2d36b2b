import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Action, GroupResource } from '../actions';
import { computeHash } from '../hash';
import { maxRevision, sameRevisionData, sortControllerRevisions, templatePatch } from '../history';
import { selectorMatches } from '../label-selector';
import { asKube } from '../object-like';
import { claimObjects, newControllerRef } from '../owner-refs';
import { DAEMONSET_HASH_LABEL } from './daemon-pod';

export const CONTROLLER_REVISIONS: GroupResource = { group: 'apps', plural: 'controllerrevisions' };
const PODS: GroupResource = { group: '', plural: 'pods' };

/** What constructHistory found or decided. */
export interface DaemonHistory {
  /** The revision of the current template (possibly one this sync creates). */
  cur?: ControllerRevision;
  old: ControllerRevision[];
  actions: Action[];
  /** The revision name is taken by other data: collisionCount was bumped, the sync must be retried. */
  collision?: boolean;
}

/** Match: the revision's data is this DaemonSet's template patch. */
export function matchesDaemonSet(ds: DaemonSet, rev: ControllerRevision): boolean {
  return sameRevisionData(templatePatch(ds.spec?.template), rev.data);
}

const nameOf = (o: { metadata?: { name?: string } }) => o.metadata?.name ?? '';

/**
 * constructHistory (daemon/update.go): claim the revisions, give each the hash label, find the one
 * matching the template (deduplicating, relabelling pods to the survivor) or snapshot a new one named
 * `<ds>-<ComputeHash(template, collisionCount)>`, and move it to the newest revision number.
 */
export function constructHistory(ds: DaemonSet, revisionsInNamespace: readonly ControllerRevision[], daemonPods: readonly Pod[]): DaemonHistory {
  const ns = ds.metadata?.namespace ?? '';
  const actions: Action[] = [];
  const ref = newControllerRef(ds, 'apps/v1', 'DaemonSet');
  const claim = claimObjects(ds, ref, CONTROLLER_REVISIONS, [...revisionsInNamespace], (r) => selectorMatches(ds.spec?.selector, r.metadata?.labels));
  actions.push(...claim.patches);
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let h of claim.claimed) {
    if (h.metadata?.labels?.[DAEMONSET_HASH_LABEL] === undefined) {
      // the name, not a recomputed hash, so a collision-renamed revision keeps a unique label
      h = { ...h, metadata: { ...h.metadata, labels: { ...(h.metadata?.labels ?? {}), [DAEMONSET_HASH_LABEL]: nameOf(h) } } };
      actions.push({ kind: 'update', resource: CONTROLLER_REVISIONS, namespace: ns, object: asKube(h) });
    }
    (matchesDaemonSet(ds, h) ? current : old).push(h);
  }
  const currRevision = maxRevision(old) + 1;
  if (current.length === 0) {
    const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
    const name = `${nameOf(ds)}-${hash}`;
    const existing = revisionsInNamespace.find((r) => nameOf(r) === name);
    if (existing) {
      if (matchesDaemonSet(ds, existing)) return { cur: existing, old, actions };
      const status = { ...(ds.status ?? {}), collisionCount: (ds.status?.collisionCount ?? 0) + 1 };
      actions.push({ kind: 'updateStatus', resource: { group: 'apps', plural: 'daemonsets' }, namespace: ns, object: asKube({ ...structuredClone(ds), status } as DaemonSet) });
      return { old, actions, collision: true };
    }
    const cur: ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: ns,
        labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [DAEMONSET_HASH_LABEL]: hash },
        ...(ds.metadata?.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
        ownerReferences: [ref],
      },
      data: templatePatch(ds.spec?.template) as ControllerRevision['data'],
      revision: currRevision,
    };
    actions.push({ kind: 'create', resource: CONTROLLER_REVISIONS, namespace: ns, object: asKube(cur) });
    return { cur, old, actions };
  }
  // dedupCurHistories: keep the highest revision (the last of equals), relabel pods to it, delete the rest
  let keep = current[0]!;
  for (const c of current) if (c.revision >= keep.revision) keep = c;
  if (current.length > 1) {
    const keepHash = keep.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '';
    for (const pod of daemonPods) {
      if (pod.metadata?.labels?.[DAEMONSET_HASH_LABEL] === keepHash) continue;
      actions.push({ kind: 'patch', resource: PODS, namespace: ns, name: nameOf(pod), patchType: 'application/merge-patch+json', patch: { metadata: { labels: { [DAEMONSET_HASH_LABEL]: keepHash } } } });
    }
    for (const c of current) if (c !== keep) actions.push({ kind: 'delete', resource: CONTROLLER_REVISIONS, namespace: ns, name: nameOf(c) });
  }
  if (keep.revision < currRevision) {
    keep = { ...keep, revision: currRevision };
    actions.push({ kind: 'update', resource: CONTROLLER_REVISIONS, namespace: ns, object: asKube(keep) });
  }
  return { cur: keep, old, actions };
}

/**
 * cleanupHistory: beyond revisionHistoryLimit (default 10), delete old revisions from the lowest
 * revision up, sparing any whose hash a pod still carries.
 */
export function cleanupHistory(ds: DaemonSet, old: readonly ControllerRevision[], pods: readonly Pod[]): Action[] {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return [];
  const live = new Set(pods.map((p) => p.metadata?.labels?.[DAEMONSET_HASH_LABEL]).filter((h): h is string => !!h));
  const actions: Action[] = [];
  for (const h of sortControllerRevisions(old)) {
    if (toKill <= 0) break;
    if (live.has(h.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '')) continue;
    actions.push({ kind: 'delete', resource: CONTROLLER_REVISIONS, namespace: ds.metadata?.namespace ?? '', name: nameOf(h), preconditions: { uid: h.metadata?.uid } });
    toKill--;
  }
  return actions;
}
