// Simulated NodePools for e2e tests: each test file makes its own pool (nodes are cluster-scoped and shared by
// every file of the run), pins its pods to it with a nodeSelector, and deletes it at the end.
import { getJson, kubectl, manifest, poll } from './kubectl';

/** The label every node of a pool carries. */
export const POOL_LABEL = 'kubeflare.dev/node-pool';

/** The taint that keeps other files' pods (which may be Pending for want of nodes) off a test's pool. */
export const ISOLATION_TAINT_KEY = 'kubeflare.dev/e2e-pool';

/**
 * A NodePool manifest (`kubeflare.dev/v1alpha1`, cluster-scoped); `spec` is merged over 3 nodes of 4 CPU / 8Gi.
 * Its nodes carry the NoSchedule isolation taint (plus `spec.taints`): only pods using `onPool` land there.
 */
export function nodePool(name: string, spec: Record<string, unknown> = {}) {
  const taints = [{ key: ISOLATION_TAINT_KEY, value: name, effect: 'NoSchedule' }, ...((spec.taints as object[] | undefined) ?? [])];
  return {
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name },
    spec: { nodes: 3, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, zones: ['zone-a', 'zone-b', 'zone-c'], ...spec, taints },
  };
}

/** A pool name unique to this run, short enough for node names. */
export function poolName(prefix: string): string {
  return `${prefix}-${process.pid % 10000}`;
}

/** Nodes of one pool, sorted by name. */
export async function poolNodes(pool: string): Promise<any[]> {
  const items: any[] = (await getJson(['nodes', '-l', `${POOL_LABEL}=${pool}`])).items;
  return items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name, 'en', { numeric: true }));
}

function isReady(node: any): boolean {
  return (node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** `kubectl apply`s a pool and waits until it has `spec.nodes` Ready nodes with a podCIDR; returns them. */
export async function applyPool(name: string, spec: Record<string, unknown> = {}, timeoutMs = 20_000): Promise<any[]> {
  const pool = nodePool(name, spec);
  await kubectl(['apply', '-f', '-'], { stdin: manifest(pool) });
  const want = pool.spec.nodes as number;
  return poll(async () => {
    const nodes = await poolNodes(name);
    return nodes.length === want && nodes.every((n) => isReady(n) && n.spec?.podCIDR) ? nodes : undefined;
  }, timeoutMs, `${want} Ready nodes with a podCIDR in pool ${name}`);
}

/** Deletes pools (ignoring ones already gone); for afterAll. */
export async function deletePools(...names: string[]): Promise<void> {
  if (names.length) await kubectl(['delete', 'nodepools.kubeflare.dev', ...names, '--ignore-not-found', '--wait=false'], { allowFail: true });
}

/** A pod spec fragment that keeps pods on one pool's nodes (node selector + toleration of its isolation taint). */
export function onPool(pool: string): { nodeSelector: Record<string, string>; tolerations: object[] } {
  return { nodeSelector: { [POOL_LABEL]: pool }, tolerations: [poolToleration(pool)] };
}

/** Tolerates one pool's isolation taint (for pods placed by affinity rather than `onPool`). */
export function poolToleration(pool: string): object {
  return { key: ISOLATION_TAINT_KEY, operator: 'Equal', value: pool, effect: 'NoSchedule' };
}
