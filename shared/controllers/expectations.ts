/**
 * ControllerExpectations (pkg/controller/controller_utils.go) as plain data: after asking for
 * creates/deletes, a controller skips managing replicas until it has observed them or 5 minutes pass,
 * so a stale view never makes it create or delete twice.
 */

/** Upstream's ExpectationsTimeout. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

/** Outstanding expectations of one controller key. */
export interface ExpectationRecord {
  /** Creates not yet observed. */
  add: number;
  /** Keys (`namespace/name`) of pods whose deletion is not yet observed. */
  deleteKeys: string[];
  /** UIDs of the pods owned when the creates were requested: any other owned pod is a create observed. */
  baselineUids: string[];
  /** When the expectations were set (ms). */
  timestamp: number;
}

/** Expectations of every key a controller manages (persist as JSON). */
export type Expectations = Record<string, ExpectationRecord>;

function record(exp: Expectations, key: string, now: number): ExpectationRecord {
  return exp[key] ?? { add: 0, deleteKeys: [], baselineUids: [], timestamp: now };
}

/** Expect `count` creates for `key`; `ownedUids` are the pods already owned (not new). */
export function expectCreations(exp: Expectations, key: string, count: number, now: number, ownedUids: string[] = []): Expectations {
  return { ...exp, [key]: { add: count, deleteKeys: [], baselineUids: [...ownedUids], timestamp: now } };
}

/** Expect the deletion of the pods with these `namespace/name` keys. */
export function expectDeletions(exp: Expectations, key: string, podKeys: string[], now: number): Expectations {
  return { ...exp, [key]: { add: 0, deleteKeys: [...podKeys], baselineUids: [], timestamp: now } };
}

/** One expected create happened (or failed and will never be observed). */
export function creationObserved(exp: Expectations, key: string): Expectations {
  const r = exp[key];
  if (!r) return exp;
  return { ...exp, [key]: { ...r, add: r.add - 1 } };
}

/** The pod `podKey` was deleted or is terminating (or its delete failed). */
export function deletionObserved(exp: Expectations, key: string, podKey: string): Expectations {
  const r = exp[key];
  if (!r || !r.deleteKeys.includes(podKey)) return exp;
  return { ...exp, [key]: { ...r, deleteKeys: r.deleteKeys.filter((k) => k !== podKey) } };
}

/** Lower the expected creates by `adds` (skipped slow-start batches) and forget these deletions. */
export function lowerExpectations(exp: Expectations, key: string, adds: number, deletedKeys: string[] = []): Expectations {
  const r = exp[key];
  if (!r) return exp;
  return { ...exp, [key]: { ...r, add: r.add - adds, deleteKeys: r.deleteKeys.filter((k) => !deletedKeys.includes(k)) } };
}

/** Forget `key` entirely (its object is gone). */
export function deleteExpectations(exp: Expectations, key: string): Expectations {
  if (!(key in exp)) return exp;
  const { [key]: _gone, ...rest } = exp;
  return rest;
}

/**
 * Observe the current pods level-wise: owned pods not in the baseline count as creates seen;
 * expected deletions whose pod is gone or terminating are seen.
 */
export function observePods(
  exp: Expectations,
  key: string,
  pods: { uid?: string; key: string; owned: boolean; terminating: boolean }[],
  now: number,
): Expectations {
  const r = exp[key];
  if (!r) return exp;
  const baseline = new Set(r.baselineUids);
  const seen = r.add > 0 ? pods.filter((p) => p.owned && p.uid && !baseline.has(p.uid)) : [];
  const alive = new Set(pods.filter((p) => !p.terminating).map((p) => p.key));
  const next: ExpectationRecord = {
    ...record(exp, key, now),
    add: r.add - seen.length,
    deleteKeys: r.deleteKeys.filter((k) => alive.has(k)),
    baselineUids: [...r.baselineUids, ...seen.map((p) => p.uid as string)],
  };
  return { ...exp, [key]: next };
}

/** True when `key` may sync: no record, all observed, or the record is older than 5 minutes. */
export function satisfiedExpectations(exp: Expectations, key: string, now: number): boolean {
  const r = exp[key];
  if (!r) return true;
  if (r.add <= 0 && r.deleteKeys.length === 0) return true;
  return now - r.timestamp > EXPECTATIONS_TIMEOUT_MS;
}
