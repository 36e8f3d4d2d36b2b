import type { ChangeNotice } from '../apiserver/change-notice';
import { NODE_POOL_LABEL } from '../nodes/node-builder';
import { recordStore, type EntryStore } from './node-lifecycle/entry-store';

/** Whether a node notice names a node of a NodePool (one the simulated kubelet runs), by its labels. */
export const poolNodeNotice = (n: ChangeNotice): boolean => Boolean(n.labels?.[NODE_POOL_LABEL]);

/** What a kubelet shard knows of a node: outside any NodePool (no kubelet), or in one. */
export type NodeKind = 'bare' | 'pool';

/**
 * The nodes a kubelet shard knows have no simulated kubelet (no NodePool label), so a pod bound to one
 * is dropped when its notice arrives: no read, no queue row, no alarm. Upstream has no such step: a pod
 * bound to a node without a kubelet is simply never seen by one; here every bound pod's notice reaches
 * the shard of its node, which used to read the pod and its node to find that out.
 *
 * A node counts as bare only while the shard has positive word of it and none to the contrary:
 * - bare: the node's ADDED notice without the label, or a read of the node without it (`readBare`);
 * - in a pool: any notice with the label (ADDED, or an update that added it), whatever came before or after;
 * - forgotten: the node's DELETED notice (a node of the same name may come back either way).
 * A node it has not heard of is not bare: a pool node created just before its pod may have its notice
 * still on the way (node and pod notices come from different stores), so its pods are kept and read.
 * A pool node that loses its label stays a pool node here (its pods are read, and the read finds it bare).
 *
 * The kinds live in an EntryStore (a host's row table, one row per node of the shard): a host leaves
 * memory after a few idle seconds, and notices of nodes added before that do not come again.
 *
 * @example
 * const kinds = new NodesWithoutKubelet();
 * kinds.observe(nodeAdded('n1', {}));   // no NodePool label
 * kinds.runsNoKubelet('n1');            // true: its pods' notices queue nothing
 * kinds.runsNoKubelet('n2');            // false: never heard of, so kept
 */
export class NodesWithoutKubelet {
  constructor(private readonly kinds: EntryStore<NodeKind> = recordStore()) {}

  /** A node notice the shard heard (its `wants` lets through pool nodes' notices and bare nodes' ADDED and DELETED). */
  observe(n: ChangeNotice): void {
    if (n.resource !== 'nodes') return;
    if (n.type === 'DELETED') this.kinds.delete(n.name);
    else if (poolNodeNotice(n)) this.set(n.name, 'pool');
    else if (n.type === 'ADDED') this.readBare(n.name);
  }

  /** A read (or an ADDED notice) found the node without the NodePool label: bare, unless a notice said it has one. */
  readBare(node: string): void {
    if (this.kinds.get(node) === undefined) this.kinds.put(node, 'bare');
  }

  /** Whether the shard knows the node runs no simulated kubelet. */
  runsNoKubelet(node: string): boolean {
    return this.kinds.get(node) === 'bare';
  }

  private set(node: string, kind: NodeKind): void {
    if (this.kinds.get(node) !== kind) this.kinds.put(node, kind);
  }
}
