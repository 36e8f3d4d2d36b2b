// Node memory pressure as kubectl shows it (issue 13): the kubelet's eviction manager sees memory.available fall
// under its 100Mi hard threshold, reports MemoryPressure (and the node gets the memory-pressure taint), and evicts
// the BestEffort pod first, with upstream's message and an Evicted event; the Burstable pod keeps running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('e2e-mem');
let ns: string;
let node: string;

beforeAll(async () => {
  const nodes = await applyPool(pool, { nodes: 1, capacity: { cpu: '4', memory: '2Gi', pods: '110' } });
  node = nodes[0].metadata.name;
  ns = await newNamespace('mem-pressure');
});
afterAll(async () => {
  await deletePools(pool);
});

function pod(name: string, demand: string, resources: object) {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, annotations: { 'kubeflare.dev/memory-demand': demand } },
    spec: { ...onPool(pool), containers: [{ name: 'app', image: 'nginx:1.25', resources }] },
  };
}

describe('memory pressure', () => {
  it('evicts the BestEffort pod first, reports MemoryPressure and taints the node', async () => {
    // 600Mi + 1400Mi on a 2Gi node: 48Mi available, under the 100Mi hard threshold
    await kubectl(['-n', ns, 'create', '-f', '-'], {
      stdin: manifest(
        pod('web', '600Mi', { requests: { memory: '512Mi' }, limits: { memory: '1Gi' } }),
        pod('hog', 'step:0=100Mi,3=1400Mi', {}),
      ),
    });
    const hog = await poll(async () => {
      const p = await getJson(['-n', ns, 'pod', 'hog']);
      return p.status?.reason === 'Evicted' ? p : undefined;
    }, 45_000, 'the BestEffort pod evicted');
    expect(hog.status.phase).toBe('Failed');
    expect(hog.status.message).toBe('The node was low on resource: memory. Threshold quantity: 100Mi, available: 48Mi. Container app was using 1400Mi, request is 0, has larger consumption of memory. ');
    expect(hog.status.conditions.find((c: any) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet' });
    expect(hog.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137 });

    const web = await getJson(['-n', ns, 'pod', 'web']);
    expect(web.status.phase).toBe('Running');

    // since 1.22 the killed container's terminated reason is what `kubectl get` prints (kubernetes#105358); describe tells why
    const row = tableRows((await kubectl(['-n', ns, 'get', 'pod', 'hog', '--no-headers'])).stdout)[0]!;
    expect(row[2]).toBe('Error');
    const describedPod = (await kubectl(['-n', ns, 'describe', 'pod', 'hog'])).stdout;
    expect(describedPod).toMatch(/Status:\s+Failed\nReason:\s+Evicted\nMessage:\s+The node was low on resource: memory\./);
    const events = (await kubectl(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=hog,reason=Evicted', '-o', 'jsonpath={.items[*].message}'])).stdout;
    expect(events).toContain('The node was low on resource: memory.');

    const n = await poll(async () => {
      const x = await getJson(['node', node]);
      const cond = x.status.conditions.find((c: any) => c.type === 'MemoryPressure');
      return cond?.status === 'True' && (x.spec.taints ?? []).some((t: any) => t.key === 'node.kubernetes.io/memory-pressure' && t.effect === 'NoSchedule') ? x : undefined;
    }, 30_000, 'MemoryPressure and its taint on the node');
    expect(n.status.conditions.find((c: any) => c.type === 'MemoryPressure')).toMatchObject({ reason: 'KubeletHasInsufficientMemory' });
    const described = (await kubectl(['describe', 'node', node])).stdout;
    expect(described).toMatch(/EvictionThresholdMet\s+.*Attempting to reclaim memory/);
  }, 90_000);
});
