// DaemonSets as a user runs them with kubectl: a pod on every node of a pool, following nodes as the pool
// grows and shrinks, a rolling update with ControllerRevisions, `kubectl rollout status|history|undo ds`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { POOL_LABEL, applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('ds');
let ns = '';

beforeAll(async () => {
  await applyPool(pool, { nodes: 2, zones: ['zone-a'] });
  ns = await newNamespace('ds');
}, 60_000);

afterAll(() => deletePools(pool));

const daemonSet = (image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: ns },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { ...onPool(pool), containers: [{ name: 'agent', image }] } },
  },
});

/** The DaemonSet's live pods, as node name → pod. */
async function podsByNode(): Promise<Map<string, any>> {
  const pods = (await getJson(['-n', ns, 'pods', '-l', 'app=agent'])).items.filter((p: any) => !p.metadata.deletionTimestamp);
  return new Map(pods.map((p: any) => [p.spec.nodeName ?? '', p]));
}

async function waitRunning(nodes: number, image?: string): Promise<Map<string, any>> {
  return poll(async () => {
    const byNode = await podsByNode();
    const ds = await getJson(['-n', ns, 'ds', 'agent']);
    const ok = byNode.size === nodes && !byNode.has('') && [...byNode.values()].every((p) => p.status.phase === 'Running' && (!image || p.spec.containers[0].image === image));
    return ok && ds.status.numberReady === nodes && ds.status.desiredNumberScheduled === nodes ? byNode : undefined;
  }, 30_000, `${nodes} running daemon pods`);
}

const scalePool = (nodes: number) => kubectl(['patch', 'nodepools.kubeflare.dev', pool, '--type=merge', '-p', JSON.stringify({ spec: { nodes } })]);

describe('DaemonSet', () => {
  it('runs one pod per eligible node, pinned by node affinity and tolerating node conditions, and follows the pool', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(daemonSet('busybox:1.36')) });
    const byNode = await waitRunning(2);
    const pod = [...byNode.values()][0];
    const [node] = [...byNode.keys()];
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod.spec.nodeName] }] },
    ]);
    expect(node).toBe(pod.spec.nodeName);
    expect(pod.spec.tolerations).toEqual(expect.arrayContaining([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]));
    expect(pod.metadata.ownerReferences[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent', controller: true });
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'ds', 'agent'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    expect(rows[1]!.slice(0, 7)).toEqual(['agent', '2', '2', '2', '2', '2', `${POOL_LABEL}=${pool}`]);

    await scalePool(3);
    await waitRunning(3);
    await scalePool(1);
    const after = await waitRunning(1);
    const ds = await getJson(['-n', ns, 'ds', 'agent']);
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, numberAvailable: 1, updatedNumberScheduled: 1, numberMisscheduled: 0 });
    expect(ds.status.observedGeneration).toBe(ds.metadata.generation);
    expect(after.size).toBe(1);
  }, 45_000);

  it('rolls out a new template, records ControllerRevisions and rolls back with kubectl rollout undo', async () => {
    await scalePool(2);
    await waitRunning(2);
    await kubectl(['-n', ns, 'set', 'image', 'ds/agent', 'agent=busybox:1.37']);
    const status = await kubectl(['-n', ns, 'rollout', 'status', 'ds/agent', '--timeout=40s'], { timeoutMs: 45_000 });
    expect(status.stdout).toContain('daemon set "agent" successfully rolled out');
    await waitRunning(2, 'busybox:1.37');

    const history = (await kubectl(['-n', ns, 'rollout', 'history', 'ds/agent'])).stdout;
    expect(tableRows(history.split('\n').slice(1).join('\n')).map((r) => r[0])).toEqual(['REVISION', '1', '2']);
    const rev1 = (await kubectl(['-n', ns, 'rollout', 'history', 'ds/agent', '--revision=1'])).stdout;
    expect(rev1).toContain('busybox:1.36');
    const revs = tableRows((await kubectl(['-n', ns, 'get', 'controllerrevisions'])).stdout);
    expect(revs[0]).toEqual(['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
    expect(revs.slice(1).map((r) => [r[1], r[2]]).sort()).toEqual([['daemonset.apps/agent', '1'], ['daemonset.apps/agent', '2']]);

    expect((await kubectl(['-n', ns, 'rollout', 'undo', 'ds/agent'])).stdout).toContain('daemonset.apps/agent rolled back');
    await waitRunning(2, 'busybox:1.36');
    await poll(async () => {
      const r = tableRows((await kubectl(['-n', ns, 'get', 'controllerrevisions'])).stdout).slice(1);
      return r.map((x) => x[2]).sort().join(',') === '2,3' ? r : undefined;
    }, 10_000, 'revision 1 renumbered to 3');
  }, 45_000);
});
