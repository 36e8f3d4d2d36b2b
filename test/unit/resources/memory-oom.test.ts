import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { buildNode } from '../../../shared/nodes/node-builder';
import { parseDemand } from '../../../shared/nodes/workload-profile';
import { memoryExceedsAt } from '../../../shared/resources';
import { runPod } from '../nodes/run-pod';

const Mi = 2 ** 20;
const T0 = Date.UTC(2025, 0, 1);

describe('when a working set crosses the memory limit', () => {
  it.each([
    ['constant above', '300Mi', 0],
    ['constant below', '100Mi', undefined],
    ['step', 'step:0=100Mi,30=250Mi', 30_000],
    ['linear leak 100Mi → 300Mi over 10s', 'trace:0=100Mi,10=300Mi', 5_001],
    ['sine peaking above the limit', 'sine:base=150Mi,amplitude=100Mi,period=40', 3_334],
    ['sine below the limit', 'sine:base=100Mi,amplitude=50Mi,period=40', undefined],
    ['repeating sawtooth', 'trace:0=100Mi,9=199Mi,10=100Mi;repeat', undefined],
  ] as const)('%s', (_n, demand, after) => {
    const at = memoryExceedsAt(parseDemand(demand), 200 * Mi, T0, T0);
    expect(at === undefined ? undefined : at - T0).toBe(after);
  });

  it('is the first millisecond above the limit, from a later start too', () => {
    const leak = parseDemand('trace:0=0,100=100Mi')!;
    const at = memoryExceedsAt(leak, 50 * Mi, T0, T0 + 20_000)!;
    expect(at).toBe(T0 + 50_001);
    // at 50s exactly the working set is the limit: not above it
    expect(memoryExceedsAt(leak, 50 * Mi, T0, at - 1)).toBe(at);
  });
});

describe('the kubelet OOM-kills a container above its memory limit', () => {
  const node: Node = buildNode({ metadata: { name: 'pool' }, spec: { images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 72_000_000 }] } }, 0);
  const leaky: Pod = {
    metadata: { name: 'leak', namespace: 'default', uid: 'u1', annotations: { 'kubeflare.dev/memory-demand': 'trace:0=50Mi,4=250Mi' } },
    spec: { nodeName: 'pool-0', containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', resources: { requests: { memory: '100Mi' }, limits: { memory: '200Mi' } } }] },
  };
  const run = (p: Pod, times: number[]) => runPod(p, node, T0, times);

  it('kills at the crossing with OOMKilled 137, restarts at once, then backs off in CrashLoopBackOff', () => {
    // up at 0.6s (sandbox 0.5s + create 0.1s); 50Mi + 50Mi/s crosses 200Mi after 3s
    const [, running, first, second] = run(leaky, [0, 1000, 3700, 7000]);
    expect(running!.status.containerStatuses![0]!.state!.running).toBeDefined();
    expect(running!.nextDueMs).toBe(T0 + 600 + 3001);
    const c1 = first!.status.containerStatuses![0]!;
    expect(c1.restartCount).toBe(1);
    expect(c1.lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled', startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:03Z' });
    expect(c1.state!.running).toBeDefined();
    const c2 = second!.status.containerStatuses![0]!;
    expect(c2.state!.waiting).toEqual({ reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=leak_default(u1)' });
    expect(c2.lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(c2.restartCount).toBe(1);
    expect(second!.events.map((e) => e.reason)).toContain('BackOff');
    expect(second!.status.qosClass).toBe('Burstable');
  });

  it('leaves a container within its limit, or without one, running', () => {
    const noLimit = { ...leaky, spec: { ...leaky.spec!, containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }] } };
    const [, r] = run(noLimit, [0, 60_000]);
    expect(r!.status.containerStatuses![0]!).toMatchObject({ restartCount: 0, state: { running: {} } });
    expect(r!.nextDueMs).toBeUndefined();
  });
});
