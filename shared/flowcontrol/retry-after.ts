// Upstream's DroppedRequestsTracker (dropped_requests_tracker.go): the Retry-After a rejected request
// gets starts at 1 s, doubles (up to 32) while a level keeps dropping ≥ 3 × retryAfter requests over
// the last retryAfter seconds, and falls by 1 when drops subside — TCP-like, per priority level.

const MAX_RETRY_AFTER = 32;

/** One level's drop history, as plain data a Durable Object can hold. */
export interface DropStats {
  history: { unix: number; requests: number }[];
  currentUnix: number;
  currentCount: number;
  retryAfter: number;
  retryAfterUpdateUnix: number;
}

export const newDropStats = (): DropStats => ({ history: [], currentUnix: 0, currentCount: 0, retryAfter: 1, retryAfterUpdateUnix: 0 });

/**
 * Records one dropped request at `unix` (whole seconds) and returns the Retry-After to send.
 * @example const s = newDropStats(); recordDrop(s, 100) // 1
 */
export function recordDrop(s: DropStats, unix: number): number {
  if (s.currentUnix === unix) {
    s.currentCount++;
    return s.retryAfter;
  }
  s.history.push({ unix: s.currentUnix, requests: s.currentCount });
  const start = s.history.findIndex((h) => s.currentUnix - h.unix <= MAX_RETRY_AFTER);
  s.history = start < 0 ? [] : s.history.slice(start);
  s.currentUnix = unix;
  s.currentCount = 1;
  updateRetryAfter(s, unix);
  return s.retryAfter;
}

function updateRetryAfter(s: DropStats, unix: number): void {
  let dropped = 0;
  for (let i = s.history.length - 1; i >= 0; i--) {
    const h = s.history[i]!;
    if (unix - h.unix > s.retryAfter) break;
    if (h.unix < unix) dropped += h.requests;
  }
  if (unix - s.retryAfterUpdateUnix >= s.retryAfter && dropped >= 3 * s.retryAfter) {
    s.retryAfter = Math.min(MAX_RETRY_AFTER, s.retryAfter * 2);
    s.retryAfterUpdateUnix = unix;
    return;
  }
  if (dropped < s.retryAfter && s.retryAfter > 1) s.retryAfter--;
}
