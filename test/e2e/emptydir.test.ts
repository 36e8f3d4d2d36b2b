// emptyDir on the simulated nodes (issue 13): a Memory-medium volume is tmpfs whose pages count against the writing
// container's memory limit (filling it OOM-kills the container; its contents survive the restart, so the next
// instance finds it nearly full and lives); a disk volume over its sizeLimit gets the pod evicted with upstream's message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('e2e-edir');
let ns: string;

beforeAll(async () => {
  await applyPool(pool, { nodes: 1, capacity: { cpu: '4', memory: '8Gi', pods: '110' } });
  ns = await newNamespace('emptydir');
});
afterAll(async () => {
  await deletePools(pool);
});

function pod(name: string, annotations: Record<string, string>, emptyDir: object, resources: object = {}) {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, annotations },
    spec: {
      ...onPool(pool),
      containers: [{ name: 'app', image: 'nginx:1.25', resources, volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }],
      volumes: [{ name: 'cache', emptyDir }],
    },
  };
}

describe('emptyDir', () => {
  it('a Memory-medium emptyDir filling up OOM-kills its container; the restarted one finds the files and lives', async () => {
    // tmpfs = min(8Gi allocatable, 128Mi pod limit) = 128Mi; 20Mi + 20Mi/s crosses the limit after 5.4s
    const annotations = { 'kubeflare.dev/memory-demand': '20Mi', 'kubeflare.dev/volume-writes': 'cache=20Mi' };
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('tmpfs', annotations, { medium: 'Memory' }, { requests: { memory: '64Mi' }, limits: { memory: '128Mi' } })) });
    const status = await poll(async () => {
      const p = await getJson(['-n', ns, 'pod', 'tmpfs']);
      const cs = p.status?.containerStatuses?.[0];
      return cs?.lastState?.terminated && cs.state?.running ? p.status : undefined;
    }, 40_000, 'the tmpfs writer OOM-killed and running again');
    expect(status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(status.containerStatuses[0].restartCount).toBe(1);
    const started = Date.parse(status.containerStatuses[0].lastState.terminated.startedAt);
    const killed = Date.parse(status.containerStatuses[0].lastState.terminated.finishedAt);
    expect(killed - started).toBeGreaterThanOrEqual(5000);
    expect(killed - started).toBeLessThanOrEqual(6000);

    // 108Mi of the 128Mi tmpfs is still there: the new instance can write 20Mi more (ENOSPC after), 40Mi in all
    await new Promise((r) => setTimeout(r, 8000));
    const later = (await getJson(['-n', ns, 'pod', 'tmpfs'])).status.containerStatuses[0];
    expect(later.restartCount).toBe(1);
    expect(later.state.running).toBeDefined();
    expect((await getJson(['-n', ns, 'pod', 'tmpfs'])).status.phase).toBe('Running');
  }, 70_000);

  it('a disk emptyDir over its sizeLimit gets the pod evicted', async () => {
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod('scratch', { 'kubeflare.dev/volume-writes': 'cache=5Mi' }, { sizeLimit: '10Mi' })) });
    const p = await poll(async () => {
      const x = await getJson(['-n', ns, 'pod', 'scratch']);
      return x.status?.reason === 'Evicted' ? x : undefined;
    }, 40_000, 'the pod over its emptyDir sizeLimit evicted');
    expect(p.status.phase).toBe('Failed');
    expect(p.status.message).toBe('Usage of EmptyDir volume "cache" exceeds the limit "10Mi". ');
    // a local-storage eviction carries no DisruptionTarget condition
    expect(p.status.conditions.some((c: any) => c.type === 'DisruptionTarget')).toBe(false);
    const events = (await kubectl(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=scratch,reason=Evicted', '-o', 'jsonpath={.items[*].message}'])).stdout;
    expect(events).toContain('Usage of EmptyDir volume "cache" exceeds the limit "10Mi".');
  }, 60_000);
});
