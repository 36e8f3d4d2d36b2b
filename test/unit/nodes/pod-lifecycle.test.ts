import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { buildNode } from '../../../shared/nodes/node-builder';
import { stepPod } from '../../../shared/nodes/pod-lifecycle';
import { resolveProfile } from '../../../shared/nodes/workload-profile';
import { runPod } from './run-pod';

const T0 = Date.UTC(2025, 0, 1);
const node: Node = buildNode({ metadata: { name: 'pool' }, spec: { images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 72_000_000 }] } }, 0);

function pod(over: Partial<Pod['spec']> = {}, annotations: Record<string, string> = {}): Pod {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'u1', annotations },
    spec: { nodeName: 'pool-0', containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }], ...over },
  };
}

/** Step a pod with a stepped clock, collecting results (no sleeping). */
const run = (p: Pod, times: number[]) => runPod(p, node, T0, times);

describe('stepPod: start-up', () => {
  it('image present: sandbox, Created/Started, Running, Ready', () => {
    const [a, b] = run(pod(), [0, 1000]);
    expect(a!.status.phase).toBe('Pending');
    expect(a!.status.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(a!.nextDueMs).toBe(T0 + 500);
    expect(b!.status.phase).toBe('Running');
    expect(b!.events.map((e) => [e.reason, e.message])).toEqual([
      ['Pulled', 'Container image "nginx:1.27" already present on machine'],
      ['Created', 'Created container: app'],
      ['Started', 'Started container app'],
    ]);
    expect(b!.events[0]!.fieldPath).toBe('spec.containers{app}');
    const cs = b!.status.containerStatuses![0]!;
    expect(cs).toMatchObject({ ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.27', state: { running: { startedAt: '2025-01-01T00:00:00Z' } } });
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(b!.status.podIP).toBe('10.244.0.2');
    expect(b!.status.hostIP).toBe('10.0.0.10');
    expect(b!.status.qosClass).toBe('BestEffort');
    expect(b!.status.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True',
    ]);
    expect(b!.nextDueMs).toBeUndefined();
  });

  it('image absent: pull time from size at 50MB/s, upstream Pulled wording', () => {
    const p = pod({ containers: [{ name: 'app', image: 'redis:7', imagePullPolicy: 'IfNotPresent' }] }, {});
    const [, b, c] = run(p, [0, 1000, 3000]);
    expect(b!.events.map((e) => e.message)).toEqual(['Pulling image "redis:7"']);
    expect(b!.status.containerStatuses![0]!.state!.waiting!.reason).toBe('ContainerCreating');
    // 50 MB default size → 1s + 200ms base
    expect(c!.events.map((e) => e.message)).toEqual([
      'Successfully pulled image "redis:7" in 1.2s (1.2s including waiting). Image size: 50000000 bytes.',
      'Created container: app',
      'Started container app',
    ]);
    expect(c!.state.pulled).toEqual(['docker.io/library/redis:7']);
  });

  it('readiness probe: ready at the first probe after initialDelay and the workload delay', () => {
    const p = pod(
      { containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', readinessProbe: { initialDelaySeconds: 5, periodSeconds: 10, httpGet: { port: 80 } } }] },
      { 'kubeflare.dev/readiness-delay-seconds': '7' },
    );
    // started at 600ms; app ready at 7.6s; probes at 5.6s, 15.6s → ready at 15.6s
    const rs = run(p, [0, 1000, 15_000, 15_600]);
    expect(rs[1]!.status.containerStatuses![0]!.ready).toBe(false);
    expect(rs[1]!.status.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(rs[1]!.nextDueMs).toBe(T0 + 15_600);
    expect(rs[2]!.status.containerStatuses![0]!.ready).toBe(false);
    expect(rs[3]!.status.containerStatuses![0]!.ready).toBe(true);
    expect(rs[3]!.status.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime).toBe('2025-01-01T00:00:15Z');
  });

  it('init containers run in order before app containers', () => {
    const p = pod({
      initContainers: [
        { name: 'i1', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' },
        { name: 'i2', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' },
      ],
    });
    const rs = run(p, [0, 1000, 5000]);
    expect(rs[1]!.status.phase).toBe('Pending');
    expect(rs[1]!.status.initContainerStatuses!.map((s) => Object.keys(s.state!)[0])).toEqual(['running', 'waiting']);
    expect(rs[1]!.status.containerStatuses![0]!.state!.waiting!.reason).toBe('PodInitializing');
    expect(rs[1]!.status.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [i1 i2]' });
    const started = rs[2]!.events.filter((e) => e.reason === 'Started').map((e) => [e.message, e.atMs - T0]);
    expect(started).toEqual([['Started container i2', 1700], ['Started container app', 2800]]);
    expect(rs[2]!.status.phase).toBe('Running');
    expect(rs[2]!.status.initContainerStatuses!.map((s) => [s.state!.terminated!.reason, s.ready])).toEqual([['Completed', true], ['Completed', true]]);
  });
});

describe('stepPod: exits and CrashLoopBackOff', () => {
  const crashing = pod({}, { 'kubeflare.dev/exit-after-seconds': '1', 'kubeflare.dev/exit-code': '1' });

  it('restarts at once, then after 10s, 20s, 40s … capped at 300s', () => {
    const [, r] = run(crashing, [0, 3_600_000]);
    const starts = r!.events.filter((e) => e.reason === 'Started').map((e) => (e.atMs - T0) / 1000);
    const gaps = starts.slice(1).map((s, i) => Math.round((s - starts[i]! - 1) * 10) / 10);
    expect(gaps.slice(0, 8)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
  });

  it('reports CrashLoopBackOff with upstream messages while backing off', () => {
    const rs = run(crashing, [0, 2_650, 3_650]);
    const cs = rs[2]!.status.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.state!.waiting).toEqual({ reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=web_default(u1)' });
    expect(cs.lastState!.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(rs[2]!.status.phase).toBe('Running');
    expect(rs.flatMap((r) => r.events).find((e) => e.reason === 'BackOff')).toMatchObject({ type: 'Warning', message: 'Back-off restarting failed container app in pod web_default(u1)' });
    expect(rs[2]!.nextDueMs).toBe(T0 + 2_600 + 10_000);
  });

  it('back-off resets after a container ran more than 10 minutes', () => {
    const p = pod({}, { 'kubeflare.dev/exit-after-seconds': '700', 'kubeflare.dev/exit-code': '1' });
    const [, r] = run(p, [0, 3 * 700_000 + 5000]);
    const starts = r!.events.filter((e) => e.reason === 'Started').map((e) => e.atMs - T0);
    expect(starts).toEqual([600, 700_600, 1_400_600, 2_100_600]);
  });

  it.each([
    ['Never', 0, 'Succeeded'],
    ['Never', 2, 'Failed'],
    ['OnFailure', 0, 'Succeeded'],
    ['OnFailure', 2, 'Running'],
    ['Always', 0, 'Running'],
  ] as const)('restartPolicy %s, exit %d → %s', (policy, code, phase) => {
    const p = pod({ restartPolicy: policy }, { 'kubeflare.dev/exit-after-seconds': '5', 'kubeflare.dev/exit-code': String(code) });
    const [, r] = run(p, [0, 5_650]);
    expect(r!.status.phase).toBe(phase);
  });

  it('failed init container with restartPolicy Never fails the pod', () => {
    const p = pod({ restartPolicy: 'Never', initContainers: [{ name: 'i', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }] }, { 'kubeflare.dev/exit-code.i': '3' });
    const [, r] = run(p, [0, 10_000]);
    expect(r!.status.phase).toBe('Failed');
    expect(r!.status.initContainerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });
});

describe('stepPod: graceful termination', () => {
  it('stops after the workload shutdown time within the grace period, then asks for deletion', () => {
    const p = pod({ terminationGracePeriodSeconds: 30 }, { 'kubeflare.dev/shutdown-seconds': '4' });
    const rs = run(p, [0, 10_000]);
    const deleting: Pod = { ...p, status: rs[1]!.status, metadata: { ...p.metadata, deletionTimestamp: new Date(T0 + 50_000).toISOString(), deletionGracePeriodSeconds: 30 } };
    const a = stepPod({ pod: deleting, node, profile: resolveProfile(deleting), now: T0 + 21_000, state: rs[1]!.state });
    expect(a.events.map((e) => [e.reason, e.message, e.atMs - T0])).toEqual([['Killing', 'Stopping container app', 20_000]]);
    expect(a.deletePod).toBe(false);
    expect(a.nextDueMs).toBe(T0 + 24_000);
    const b = stepPod({ pod: deleting, node, profile: resolveProfile(deleting), now: T0 + 24_000, state: a.state });
    expect(b.deletePod).toBe(true);
    expect(b.status.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('is killed (137) at the grace period when shutdown takes longer', () => {
    const p = pod({}, { 'kubeflare.dev/shutdown-seconds': '100' });
    const rs = run(p, [0, 1000]);
    const deleting: Pod = { ...p, metadata: { ...p.metadata, deletionTimestamp: new Date(T0 + 12_000).toISOString(), deletionGracePeriodSeconds: 10 } };
    const r = stepPod({ pod: deleting, node, profile: resolveProfile(deleting), now: T0 + 13_000, state: rs[1]!.state });
    expect(r.deletePod).toBe(true);
    expect(r.status.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(r.status.phase).toBe('Failed');
  });
});
