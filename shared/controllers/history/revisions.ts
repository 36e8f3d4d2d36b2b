import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import type { ObjectLike } from '../object-like';
import { controllerOf, newControllerRef } from '../owner-refs';
import { parseTime } from '../time';
import { CONTROLLER_REVISION_HASH_LABEL, controllerRevisionName, hashControllerRevision } from './hash-controller-revision';
import { sameRevisionData } from './revision-data';

/**
 * history.SortControllerRevisions (stable): by revision, ties by creation time, then by name.
 * Returns a new array.
 */
export function sortControllerRevisions(revisions: readonly ControllerRevision[]): ControllerRevision[] {
  const created = (r: ControllerRevision) => parseTime(r.metadata?.creationTimestamp) ?? 0;
  return [...revisions].sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    if (created(a) !== created(b)) return created(a) - created(b);
    const an = a.metadata?.name ?? '';
    const bn = b.metadata?.name ?? '';
    return an < bn ? -1 : an > bn ? 1 : 0;
  });
}

/** A hash label as ParseInt(hs, 10, 32) reads it; SafeEncodeString'd hashes usually are not numbers at all. */
function numericHash(r: ControllerRevision): number | undefined {
  const hs = r.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  if (hs === undefined || !/^[+-]?\d+$/.test(hs)) return undefined;
  const n = Number(hs);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n >>> 0 : undefined;
}

/** history.EqualRevision: numeric hash labels (when both have one) must agree, and the data be the same bytes. */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (!a || !b) return a === b;
  const ha = numericHash(a);
  const hb = numericHash(b);
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return sameRevisionData(a.data, b.data);
}

/** history.FindEqualRevisions, order preserved. */
export function findEqualRevisions(revisions: readonly ControllerRevision[], needle: ControllerRevision): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** nextRevision: one more than the highest Revision of sorted `revisions`, 1 for none. */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  return sorted.length ? sorted[sorted.length - 1]!.revision + 1 : 1;
}

/** maxRevision (daemon/update.go): the highest Revision, 0 for none. */
export function maxRevision(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision), 0);
}

/**
 * history.NewControllerRevision: labels from the template plus the hash label, a controller reference to
 * `parent`, named `<parent>-<hash>`.
 */
export function newControllerRevision(
  parent: ObjectLike,
  parentApiVersion: string,
  parentKind: string,
  templateLabels: Record<string, string> | undefined,
  data: unknown,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  const hash = hashControllerRevision({ data: data as ControllerRevision['data'] }, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(parent.metadata?.name ?? '', hash),
      namespace: parent.metadata?.namespace,
      labels: { ...(templateLabels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(parent, parentApiVersion, parentKind)],
    },
    data: data as ControllerRevision['data'],
    revision,
  };
}

/**
 * realHistory.CreateControllerRevision against what exists: while the name is taken by a revision with
 * other data, bump the collision count and rehash; a namesake with the same data is the revision itself.
 * Returns the revision to create (or the existing one, `exists`) and the collision count it took.
 */
export function resolveRevisionName(
  parent: ObjectLike,
  revision: ControllerRevision,
  collisionCount: number,
  existingByName: ReadonlyMap<string, ControllerRevision>,
): { revision: ControllerRevision; collisionCount: number; exists: boolean } {
  let count = collisionCount;
  // a namespace holds finitely many names, so this ends; the bound only guards against a broken map
  for (let i = 0; i <= existingByName.size + 1; i++) {
    const hash = hashControllerRevision(revision, count);
    const name = controllerRevisionName(parent.metadata?.name ?? '', hash);
    const existing = existingByName.get(name);
    // upstream renames the clone only: its hash label keeps the first hash
    if (!existing) return { revision: { ...revision, metadata: { ...revision.metadata, name } }, collisionCount: count, exists: false };
    if (sameRevisionData(existing.data, revision.data)) return { revision: existing, collisionCount: count, exists: true };
    count++;
  }
  throw new Error(`no free ControllerRevision name for ${parent.metadata?.name}`);
}

/** Revisions the parent controls, or orphans (history.ListControllerRevisions' ownership filter). */
export function ownedOrOrphan(parent: ObjectLike, revisions: readonly ControllerRevision[]): ControllerRevision[] {
  return revisions.filter((r) => {
    const ref = controllerOf(r);
    return !ref || ref.uid === parent.metadata?.uid;
  });
}
