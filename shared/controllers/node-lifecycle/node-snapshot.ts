/**
 * The monitor's node snapshot (kube-controller-manager reads nodes from an informer's cache): how the
 * node lifecycle controller host keeps every node in memory between passes instead of listing them
 * all every 5 s of cluster time (twelve lists of every node a wall second at 60×). Change notices
 * name the nodes to read again; a full list renews the snapshot every `relistMs`, against a lost notice.
 */

/** Whether a monitor pass must list every node: no snapshot yet, it is `relistMs` old, or the clock went back. */
export function relistDue(listedAt: number | undefined, now: number, relistMs: number): boolean {
  return listedAt === undefined || now < listedAt || now - listedAt >= relistMs;
}

/**
 * How to read `changed` nodes into a snapshot of `known` nodes: one GET each while they are few, one
 * list of every node once they are a quarter of the cluster (or more than 8) or there is no snapshot.
 * @example snapshotRead(3, 1000) === 'get'; snapshotRead(300, 1000) === 'list'
 */
export function snapshotRead(changed: number, known: number | undefined): 'get' | 'list' {
  if (known === undefined) return 'list';
  return changed > Math.max(8, known / 4) ? 'list' : 'get';
}
