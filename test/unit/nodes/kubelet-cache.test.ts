import { describe, expect, it } from 'vitest';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node } from 'kubernetes-types/core/v1';
import { leaseKnown, staleNames } from '../../../shared/nodes';

describe('staleNames', () => {
  const readAt: Record<string, number> = { fresh: 100_000, edge: 40_000, old: 0 };
  it.each([
    { names: ['fresh'], now: 100_000, stale: [] },
    { names: ['fresh'], now: 159_999, stale: [] },
    // read exactly the TTL ago: stale (as the cache took it before)
    { names: ['fresh'], now: 160_000, stale: ['fresh'] },
    { names: ['never'], now: 0, stale: ['never'] },
    { names: ['old', 'fresh', 'never', 'edge'], now: 100_000, stale: ['old', 'never', 'edge'] },
    { names: [], now: 100_000, stale: [] },
  ])('$names at $now', ({ names, now, stale }) => {
    expect(staleNames(names, (n) => readAt[n], now, 60_000)).toEqual(stale);
  });
});

describe('leaseKnown', () => {
  const node = (uid?: string): Node => ({ metadata: { name: 'n1', uid } });
  const lease = (uid?: string): Lease => ({ metadata: { name: 'n1', ...(uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid }] } : {}) } });
  it.each([
    { what: 'none written', lease: undefined, node: node('u1'), known: false },
    { what: 'written for this node', lease: lease('u1'), node: node('u1'), known: true },
    { what: 'written for a node of the same name deleted since', lease: lease('u0'), node: node('u1'), known: false },
    { what: 'written with no owner, the node now has a uid', lease: lease(), node: node('u1'), known: false },
    { what: 'no owner and a node without uid', lease: lease(), node: node(), known: true },
  ])('$what: $known', ({ lease, node, known }) => {
    expect(leaseKnown(lease, node)).toBe(known);
  });
});
