import type { WriteContext } from './object-meta';

/** RFC 3339 at second precision, as upstream serializes metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * A write's context from the cluster time, the wall time and id/random sources (the store's hooks
 * build one per write). Without a cluster clock both times are the same.
 */
export function writeContext(nowMs: number, newUid: () => string, rand: () => number, wallMs = nowMs): WriteContext {
  return { now: rfc3339(nowMs), wallMs, newUid, rand };
}
