import { union } from './field-set';
import { managerId, type ManagerState } from './managed-fields';

/** Upstream's cap on Update entries (DefaultMaxUpdateManagers) and the bucket older ones fold into. */
export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Keeps at most MAX_UPDATE_MANAGERS Update entries (capManagersManager): the oldest are merged,
 * per API version, into an `ancient-changes` entry. Mutates `managers`.
 */
export function capUpdateManagers(managers: Map<string, ManagerState>): void {
  let count = 0;
  for (const m of managers.values()) if (m.operation === 'Update') count++;
  // nearly always: nothing to fold, and no times to parse and sort
  if (count <= MAX_UPDATE_MANAGERS) return;
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const updaters = [...managers.entries()]
    .filter(([, m]) => m.operation === 'Update')
    .sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || (ia < ib ? -1 : ia > ib ? 1 : 0));
  let length = updaters.length;
  if (length <= MAX_UPDATE_MANAGERS) return;
  const firstOfVersion = new Map<string, string>();
  for (const [id, m] of updaters) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    const bucketState = { manager: ANCIENT_CHANGES, operation: 'Update' as const, apiVersion: m.apiVersion };
    const bucket = managerId(bucketState);
    const first = firstOfVersion.get(m.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(m.apiVersion, id);
      continue;
    }
    if (!managers.has(bucket)) {
      const firstState = managers.get(first)!;
      managers.delete(first);
      managers.set(bucket, { ...bucketState, set: firstState.set, ...(firstState.time ? { time: firstState.time } : {}) });
    }
    const b = managers.get(bucket)!;
    managers.set(bucket, { ...b, set: union(m.set, b.set), ...(m.time ? { time: m.time } : {}) });
    managers.delete(id);
    length--;
  }
}
