// ResourceQuota and LimitRange as a user meets them with kubectl: `kubectl create quota`, a pod over the quota
// refused with kube-apiserver's message, `kubectl describe quota` showing used/hard as the controller
// recomputes it, compute quotas that require requests and limits, and LimitRange defaults and maxima.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('quota');
let ns = '';

beforeAll(async () => {
  await applyPool(pool, { nodes: 1, zones: ['zone-a'] });
  ns = await newNamespace('quota');
}, 60_000);

afterAll(() => deletePools(pool));

const pod = (name: string, resources?: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  spec: { ...onPool(pool), containers: [{ name: 'c', image: 'nginx:1.27', ...(resources ? { resources } : {}) }] },
});
const apply = (...docs: object[]) => kubectl(['apply', '-f', '-'], { stdin: manifest(...docs), allowFail: true });

describe('ResourceQuota and LimitRange', () => {
  it('kubectl create quota limits pods; the third is refused with upstream message; describe shows used/hard', async () => {
    await kubectl(['-n', ns, 'create', 'quota', 'q', '--hard=pods=2,configmaps=5']);
    await poll(async () => (await getJson(['-n', ns, 'quota', 'q'])).status?.hard?.pods === '2', 15_000, 'quota status');
    expect((await apply(pod('p1'))).code).toBe(0);
    expect((await apply(pod('p2'))).code).toBe(0);
    const third = await apply(pod('p3'));
    expect(third.code).not.toBe(0);
    expect(third.stderr).toContain(`Error from server (Forbidden): error when creating "STDIN": pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2`);
    const q = await getJson(['-n', ns, 'quota', 'q']);
    expect(q.status.used.pods).toBe('2');
    const describe = (await kubectl(['-n', ns, 'describe', 'quota', 'q'])).stdout;
    expect(describe).toMatch(/Resource\s+Used\s+Hard/);
    expect(describe).toMatch(/pods\s+2\s+2/);
    const configMaps = (await getJson(['-n', ns, 'configmaps'])).items.length;
    expect(describe).toMatch(new RegExp(`configmaps\\s+${configMaps}\\s+5`));
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'quota'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'AGE', 'REQUEST', 'LIMIT']);
    expect(rows[1]![0]).toBe('q');
    expect(rows[1]![2]).toBe(`configmaps: ${configMaps}/5, pods: 2/2`);
    // a deleted pod frees its place once the controller recounts
    await kubectl(['-n', ns, 'delete', 'pod', 'p1', '--grace-period=0', '--force']);
    await poll(async () => (await getJson(['-n', ns, 'quota', 'q'])).status.used.pods === '1', 20_000, 'used pods back to 1');
    expect((await apply(pod('p3'))).code).toBe(0);
  }, 60_000);

  it('a compute quota requires requests and limits, and counts them', async () => {
    await kubectl(['-n', ns, 'delete', 'quota', 'q']);
    await kubectl(['-n', ns, 'create', 'quota', 'compute', '--hard=requests.cpu=1,limits.memory=1Gi']);
    const bare = await apply(pod('bare'));
    expect(bare.stderr).toContain('pods "bare" is forbidden: failed quota: compute: must specify limits.memory for: c; requests.cpu for: c');
    const ok = await apply(pod('sized', { requests: { cpu: '600m' }, limits: { memory: '512Mi' } }));
    expect(ok.code).toBe(0);
    const over = await apply(pod('big', { requests: { cpu: '500m' }, limits: { memory: '256Mi' } }));
    expect(over.stderr).toContain('exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1');
    await poll(async () => (await getJson(['-n', ns, 'quota', 'compute'])).status?.used?.['limits.memory'] === '512Mi', 15_000, 'memory used');
  }, 60_000);

  it('a LimitRange fills in default requests and limits and refuses a container over its max', async () => {
    await kubectl(['-n', ns, 'delete', 'quota', 'compute']);
    await apply({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'limits', namespace: ns },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' } }] },
    });
    expect((await apply(pod('defaulted'))).code).toBe(0);
    const p = await getJson(['-n', ns, 'pod', 'defaulted']);
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
    expect(p.metadata.annotations['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c');
    const big = await apply(pod('toobig', { limits: { cpu: '2' } }));
    expect(big.stderr).toContain('pods "toobig" is forbidden: maximum cpu usage per Container is 1, but limit is 2.');
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'limits'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'CREATED AT']);
  }, 60_000);
});
