import type { Pod } from 'kubernetes-types/core/v1';
import { DEFAULT_POD_FAILURE_BACKOFF_MS, MAX_POD_FAILURE_BACKOFF_MS } from './job-constants';
import { finishedTime } from './job-pod-state';

/** What the controller remembers per Job to delay pod re-creation after failures (backoffRecord). */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** When the last counted failure finished (ms). */
  lastFailureTime?: number;
}

/**
 * newBackoffRecord: fold the newly finished pods into the record. Failures add up; a success
 * resets the count to the failures that finished after the last success.
 */
export function newBackoffRecord(old: BackoffRecord | undefined, newSucceeded: Pod[], newFailed: Pod[]): BackoffRecord {
  const rec: BackoffRecord = { failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0, ...(old?.lastFailureTime !== undefined ? { lastFailureTime: old.lastFailureTime } : {}) };
  const failedTimes = newFailed.map(finishedTime).sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    if (failedTimes.length === 0) return rec;
    return { failuresAfterLastSuccess: rec.failuresAfterLastSuccess + failedTimes.length, lastFailureTime: failedTimes[failedTimes.length - 1]! };
  }
  const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
  const out: BackoffRecord = { failuresAfterLastSuccess: 0 };
  for (let i = failedTimes.length - 1; i >= 0; i--) {
    if (!(failedTimes[i]! > lastSuccess)) break;
    out.lastFailureTime ??= failedTimes[i]!;
    out.failuresAfterLastSuccess++;
  }
  return out;
}

/**
 * getRemainingTimeForFailuresCount: after n failures the delay is 10 s · 2^(n-1), capped at
 * 10 min, counted from the last failure; 0 once it has passed.
 */
export function remainingBackoffMs(failures: number, lastFailureTime: number | undefined, now: number, initialMs = DEFAULT_POD_FAILURE_BACKOFF_MS, maxMs = MAX_POD_FAILURE_BACKOFF_MS): number {
  if (failures === 0 || lastFailureTime === undefined) return 0;
  let backoff = initialMs;
  for (let i = 1; i < failures; i++) {
    backoff *= 2;
    if (backoff >= maxMs) {
      backoff = maxMs;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
