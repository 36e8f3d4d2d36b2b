// The per-pod view of the resource model (issue 13): `kubectl get --raw …/podresources/<pod>` says why a pod is slow
// (throttled periods against its quota) and why it was killed (OOMKilled against its limit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('e2e-podres');
let ns: string;

beforeAll(async () => {
  await applyPool(pool, { nodes: 1, capacity: { cpu: '4', memory: '8Gi', pods: '110' } });
  ns = await newNamespace('podres');
});
afterAll(async () => {
  await deletePools(pool);
});

const view = async (name: string) => JSON.parse((await kubectl(['get', '--raw', `/apis/kubeflare.dev/v1alpha1/namespaces/${ns}/podresources/${name}`])).stdout);

function pod(name: string, annotations: Record<string, string>, resources: object) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations }, spec: { ...onPool(pool), containers: [{ name: 'app', image: 'nginx:1.25', resources }] } };
}

describe('podresources', () => {
  it('why is this pod slow: throttled in every CFS period by its 500m quota', async () => {
    const limits = { cpu: '500m', memory: '256Mi' };
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('slow', { 'kubeflare.dev/cpu-demand': '800m', 'kubeflare.dev/memory-demand': '64Mi' }, { requests: limits, limits })) });
    const v = await poll(async () => {
      const x = await view('slow');
      return (x.status.containers[0].cpu.stat?.nrPeriods ?? 0) >= 10 ? x : undefined;
    }, 30_000, 'ten CFS periods of the slow pod');
    expect(v).toMatchObject({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'PodResources', metadata: { name: 'slow', namespace: ns }, status: { qosClass: 'Guaranteed', phase: 'Running' } });
    const c = v.status.containers[0];
    expect(c.cpu).toMatchObject({ demand: '800m', granted: '500m', throttledRatio: 1, cgroup: { quotaUs: 50000, periodUs: 100000 } });
    expect(c.memory).toMatchObject({ workingSet: '64Mi', limit: '256Mi', oomScoreAdj: -997 });
    expect(v.status.explanation[0]).toMatch(/^container app was throttled in (\d+) of \1 CFS periods \(100%\), .* it wants 800m and its quota is 50000µs per 100000µs period \(500m\)\.$/);
  }, 60_000);

  it('why was it killed: OOMKilled at its memory limit', async () => {
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('leak', { 'kubeflare.dev/memory-demand': 'trace:0=50Mi,4=250Mi' }, { requests: { memory: '100Mi' }, limits: { memory: '200Mi' } })) });
    await poll(async () => ((await getJson(['-n', ns, 'pod', 'leak'])).status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 || undefined, 40_000, 'the leak restarted');
    const v = await view('leak');
    expect(v.status.containers[0].lastTermination).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(v.status.explanation.some((s: string) => /^container app was OOM-killed at .* \(exit code 137\): its working set reached its 200Mi memory limit/.test(s))).toBe(true);
    const missing = await kubectl(['get', '--raw', `/apis/kubeflare.dev/v1alpha1/namespaces/${ns}/podresources/nope`], { allowFail: true });
    expect(missing.stderr).toContain('podresources.kubeflare.dev "nope" not found');
  }, 60_000);
});
