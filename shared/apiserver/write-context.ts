import { rfc3339 } from '../nodes/time-format';
import type { WriteContext } from './object-meta';

export { rfc3339 };

/**
 * A write's context from the cluster time, the wall time and id/random sources (the store's hooks
 * build one per write). Without a cluster clock both times are the same.
 */
export function writeContext(nowMs: number, newUid: () => string, rand: () => number, wallMs = nowMs): WriteContext {
  return { now: rfc3339(nowMs), wallMs, newUid, rand };
}
