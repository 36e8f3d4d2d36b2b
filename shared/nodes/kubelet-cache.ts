import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node } from 'kubernetes-types/core/v1';

/**
 * The names whose cached copy is absent or was read (or written) `ttlMs` or more before `now`
 * (cluster ms), in the order given: the nodes a heartbeat batch reads again, together.
 * @example staleNames(['a', 'b'], (n) => ({ a: 0 })[n], 60_000, 60_000) → ['a', 'b']
 */
export function staleNames(names: readonly string[], readAt: (name: string) => number | undefined, now: number, ttlMs: number): string[] {
  return names.filter((name) => {
    const at = readAt(name);
    return at === undefined || now - at >= ttlMs;
  });
}

/**
 * Whether the Lease this kubelet last wrote for `node` is the one to renew without reading it: it was
 * written for this Node (the owner's uid is the node's). A node deleted and created again under its
 * name has a new uid, and its Lease is read (upstream's ensureLease).
 */
export function leaseKnown(lease: Lease | undefined, node: Node): lease is Lease {
  return lease !== undefined && lease.metadata?.ownerReferences?.[0]?.uid === node.metadata?.uid;
}
