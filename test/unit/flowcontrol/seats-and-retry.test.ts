// Work estimates (request/list_work_estimator.go), max seats per level (max_seats_test.go rows) and
// Retry-After (dropped_requests_tracker_test.go rows).
import { describe, expect, it } from 'vitest';
import { resolveRequestInfo } from '../../../shared/auth/request-info';
import { leaseSeats, maxSeatsOf, newDropStats, recordDrop, workEstimate } from '../../../shared/flowcontrol';

describe('maxSeatsOf (upstream Test_GetMaxSeats)', () => {
  it.each([
    [5, 6, 1],
    [10, 6, 1],
    [15, 6, 2],
    [20, 6, 3],
    [35, 6, 5],
    [100, 6, 15],
    [200, 6, 30],
    [10, 1, 2],
    [100, 20, 5],
  ])('nominalCL=%i, handSize=%i → %i', (cl, hand, want) => expect(maxSeatsOf(cl, hand)).toBe(want));
});

describe('workEstimate', () => {
  const est = (method: string, path: string, query: string, count: number | undefined, max = 10) => {
    const q = new URLSearchParams(query);
    return workEstimate(resolveRequestInfo(method, path, q), q, count, max);
  };
  it.each([
    ['a get is one seat', 'GET', '/api/v1/namespaces/d/pods/p', '', 5000, 1],
    ['a create is one seat', 'POST', '/api/v1/namespaces/d/pods', '', 5000, 1],
    ['a list from the cache touches every object: 799 → 8', 'GET', '/api/v1/pods', '', 799, 8],
    ['a list with a limit reads from storage: 2 × 399 → 8', 'GET', '/api/v1/pods', 'limit=399', 799, 8],
    ['a limit at resourceVersion 0 is served from the cache', 'GET', '/api/v1/pods', 'limit=10&resourceVersion=0', 799, 8],
    ['a continue reads from storage with selectors: 799 + 100 → 9', 'GET', '/api/v1/pods', 'limit=100&continue=x&labelSelector=a%3Db', 799, 9],
    ['the count is capped by the level', 'GET', '/api/v1/pods', '', 5000, 10],
    ['and by the maximum of 10', 'GET', '/api/v1/pods', '', 50_000, 10],
    ['an unknown count is the minimum', 'GET', '/api/v1/pods', '', undefined, 1],
    ['a list narrowed to one name is a point get', 'GET', '/api/v1/namespaces/d/pods', 'fieldSelector=metadata.name%3Dp', 5000, 1],
    ['a bad limit is the maximum', 'GET', '/api/v1/pods', 'limit=x', 10, 10],
    ['a watch is one seat', 'GET', '/api/v1/pods', 'watch=true', 5000, 1],
    ['a watch with initial events pays for its list', 'GET', '/api/v1/pods', 'watch=true&sendInitialEvents=true', 450, 5],
    ['an empty resource still takes one seat', 'GET', '/api/v1/pods', '', 0, 1],
  ])('%s', (_n, method, path, query, count, want) => expect(est(method, path, query, count)).toBe(want));
  it('a level allowing fewer seats caps the list', () => expect(est('GET', '/api/v1/pods', '', 5000, 3)).toBe(3));
});

describe('Retry-After (upstream TestDroppedRequestsTracker)', () => {
  it('doubles while drops stay high, falls by one when they subside', () => {
    const steps = [
      [0, 5, 1],
      [1, 11, 2],
      [2, 1, 2],
      [3, 11, 4],
      [4, 1, 4],
      [7, 1, 8],
      [11, 1, 8],
      [15, 1, 7],
      [17, 1, 6],
      [21, 14, 5],
      [22, 1, 10],
    ];
    const s = newDropStats();
    const t0 = 1_700_000_000;
    for (const [elapsed, drops, want] of steps) {
      let got = 0;
      for (let i = 0; i < drops!; i++) got = recordDrop(s, t0 + elapsed!);
      expect(got, `after ${elapsed} s`).toBe(want);
    }
  });
});

describe('leaseSeats (the isolate fast path)', () => {
  it.each([
    ['a big idle level leases 8 seats', 245, 0, 0, 8],
    ['a sixteenth of a middling level', 49, 0, 0, 3],
    ['never while anything waits', 245, 0, 1, 0],
    ['up to half the level', 245, 114, 0, 8],
    ['never past half the level', 245, 115, 0, 0],
    ['a tiny level never leases', 3, 0, 0, 0],
    ['nor one under 16 seats (catch-all)', 13, 0, 0, 0],
    ['16 seats: one', 16, 7, 0, 1],
  ])('%s', (_n, cl, executing, waiting, want) => expect(leaseSeats(cl, executing, waiting)).toBe(want));
});
