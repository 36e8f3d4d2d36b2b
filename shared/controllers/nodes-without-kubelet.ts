import type { ChangeNotice } from '../apiserver/change-notice';
import { NODE_POOL_LABEL } from '../nodes/node-builder';

/** Whether a node notice names a node of a NodePool (one the simulated kubelet runs), by its labels. */
export const poolNodeNotice = (n: ChangeNotice): boolean => Boolean(n.labels?.[NODE_POOL_LABEL]);

/**
 * The nodes a kubelet shard knows have no simulated kubelet (no NodePool label), so a pod bound to one
 * is dropped when its notice arrives: no read, no queue row, no alarm. Upstream has no such step: a pod
 * bound to a node without a kubelet is simply never seen by one; here every bound pod's notice reaches
 * the shard of its node, which used to read the pod and its node to find that out.
 *
 * A node counts as bare only while the shard has positive word of it and none to the contrary:
 * - bare: the node's ADDED notice without the label, or a read of the node without it (`readBare`);
 * - a pool node: any notice with the label (ADDED, or an update that added it);
 * - forgotten: the node's DELETED notice (a node of the same name may come back either way).
 * A node it has not heard of is not bare: a pool node created just before its pod may have its notice
 * still on the way (node and pod notices come from different stores), so its pods are kept and read.
 * A pool node that loses its label stays a pool node here (its pods are read, and the read finds it bare);
 * a label heard at any time wins over a bare read made before it, whatever order they arrive in.
 *
 * @example
 * const bare = new NodesWithoutKubelet();
 * bare.observe(nodeAdded('n1', {}));   // no NodePool label
 * bare.runsNoKubelet('n1');            // true: its pods' notices queue nothing
 * bare.runsNoKubelet('n2');            // false: never heard of, so kept
 */
export class NodesWithoutKubelet {
  private readonly bare = new Set<string>();
  private readonly pool = new Set<string>();

  /** A node notice the shard heard (its `wants` lets through pool nodes' notices and bare nodes' ADDED and DELETED). */
  observe(n: ChangeNotice): void {
    if (n.resource !== 'nodes') return;
    if (n.type === 'DELETED') {
      this.bare.delete(n.name);
      this.pool.delete(n.name);
    } else if (poolNodeNotice(n)) {
      this.pool.add(n.name);
      this.bare.delete(n.name);
    } else if (n.type === 'ADDED') {
      this.bare.add(n.name);
    }
  }

  /** A read found the node without the NodePool label (unless a notice said it has one). */
  readBare(node: string): void {
    if (!this.pool.has(node)) this.bare.add(node);
  }

  /** Whether the shard knows the node runs no simulated kubelet. */
  runsNoKubelet(node: string): boolean {
    return this.bare.has(node) && !this.pool.has(node);
  }
}
