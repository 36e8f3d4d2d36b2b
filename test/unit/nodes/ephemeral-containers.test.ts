import { describe, expect, it } from 'vitest';
import type { EphemeralContainer, Node, Pod } from 'kubernetes-types/core/v1';
import { buildNode } from '../../../shared/nodes/node-builder';
import { stepPod, type PodRunState, type StepPodResult } from '../../../shared/nodes/pod-lifecycle';
import { resolveProfile } from '../../../shared/nodes/workload-profile';

const T0 = Date.UTC(2025, 0, 1);
const node: Node = buildNode({ metadata: { name: 'pool' }, spec: { images: [{ names: ['docker.io/library/nginx:1.27', 'docker.io/library/busybox:1.36'], sizeBytes: 4_000_000 }] } }, 0);

const debuggerOf = (over: Partial<EphemeralContainer> = {}): EphemeralContainer => ({
  name: 'debugger', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File', stdin: true, tty: true, command: ['sh'], targetContainerName: 'app', ...over,
});

function pod(spec: Partial<Pod['spec']> = {}): Pod {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec: { nodeName: 'pool-0', restartPolicy: 'Always', containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }], ...spec },
  };
}

/** Steps the pod at each time (ms after T0); `edit` changes its spec before the step at that time, as a pods/ephemeralcontainers write would. */
function steps(p: Pod, plan: [number, ((p: Pod) => Pod)?][]): StepPodResult[] {
  let state: PodRunState | undefined;
  let cur = p;
  return plan.map(([t, edit]) => {
    if (edit) cur = edit(cur);
    const r = stepPod({ pod: cur, node, profile: resolveProfile(cur), now: T0 + t, state, podIP: '10.244.0.2' });
    state = r.state;
    cur = { ...cur, status: r.status };
    return r;
  });
}

const addDebugger = (over: Partial<EphemeralContainer> = {}) => (p: Pod): Pod => ({ ...p, spec: { ...p.spec!, ephemeralContainers: [...(p.spec!.ephemeralContainers ?? []), debuggerOf(over)] } });

describe('the kubelet runs ephemeral containers', () => {
  it('one added to a running pod: waiting, then running with image, imageID and containerID; the pod stays Ready', () => {
    const [, added, running] = steps(pod(), [[0], [1000, addDebugger()], [1100]]);
    expect(added!.status.ephemeralContainerStatuses).toEqual([
      { name: 'debugger', image: 'docker.io/library/busybox:1.36', imageID: '', restartCount: 0, ready: false, lastState: {}, state: { waiting: { reason: 'ContainerCreating' } } },
    ]);
    expect(added!.events.map((e) => [e.reason, e.fieldPath])).toEqual([
      ['Pulled', 'spec.containers{app}'], ['Created', 'spec.containers{app}'], ['Started', 'spec.containers{app}'],
      ['Pulled', 'spec.ephemeralContainers{debugger}'],
    ]);
    const st = running!.status.ephemeralContainerStatuses!;
    expect(st).toHaveLength(1);
    expect(st[0]).toMatchObject({ name: 'debugger', image: 'docker.io/library/busybox:1.36', ready: false, restartCount: 0, lastState: {}, state: { running: { startedAt: '2025-01-01T00:00:01Z' } } });
    expect(st[0]).not.toHaveProperty('started');
    expect(st[0]!.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(st[0]!.imageID).toMatch(/^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
    expect(running!.events.map((e) => `${e.reason}: ${e.message}`)).toEqual(['Created: Created container: debugger', 'Started: Started container debugger']);
    // it has no part in the pod's phase or readiness
    expect(running!.status.phase).toBe('Running');
    expect(running!.status.containerStatuses!.map((c) => c.name)).toEqual(['app']);
    expect(running!.status.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
  });

  it('waiting: ContainerCreating while its image is pulled', () => {
    const [, pulling] = steps(pod(), [[0], [1000, addDebugger({ image: 'alpine:3.20' })]]);
    const st = pulling!.status.ephemeralContainerStatuses![0]!;
    expect(st).toMatchObject({ name: 'debugger', ready: false, state: { waiting: { reason: 'ContainerCreating' } } });
    expect(pulling!.events.at(-1)).toMatchObject({ reason: 'Pulling', message: 'Pulling image "alpine:3.20"', fieldPath: 'spec.ephemeralContainers{debugger}' });
  });

  it('starts while the init containers still run (ephemeral containers do not wait for them)', () => {
    const p = pod({ initContainers: [{ name: 'init', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sleep', '60'] }] });
    const [, , later] = steps(p, [[0], [1000, addDebugger()], [1200]]);
    expect(later!.status.phase).toBe('Pending');
    expect(later!.status.initContainerStatuses![0]!.state!.running).toBeDefined();
    expect(later!.status.containerStatuses![0]!.state!.waiting!.reason).toBe('PodInitializing');
    expect(later!.status.ephemeralContainerStatuses![0]!.state!.running).toBeDefined();
  });

  it('never restarts: one that exits stays terminated, even under restartPolicy Always', () => {
    const [, , exited, after] = steps(pod(), [[0], [1000, addDebugger({ command: ['sh', '-c', 'exit 3'] })], [2000], [60_000]]);
    const term = { terminated: { exitCode: 3, reason: 'Error' } };
    expect(exited!.status.ephemeralContainerStatuses![0]).toMatchObject({ restartCount: 0, state: term });
    expect(after!.status.ephemeralContainerStatuses![0]).toMatchObject({ restartCount: 0, state: term });
    expect(after!.events.filter((e) => e.fieldPath === 'spec.ephemeralContainers{debugger}')).toEqual([]);
    expect(after!.nextDueMs).toBeUndefined();
  });

  it('a second one is started on its own; the first keeps its state', () => {
    const [, , , both] = steps(pod(), [[0], [1000, addDebugger()], [1200, addDebugger({ name: 'debugger-2' })], [1400]]);
    expect(both!.status.ephemeralContainerStatuses!.map((s) => [s.name, Object.keys(s.state!)[0]])).toEqual([['debugger', 'running'], ['debugger-2', 'running']]);
    expect(both!.status.ephemeralContainerStatuses![0]!.state!.running!.startedAt).toBe('2025-01-01T00:00:01Z');
  });

  it('none starts in a pod whose containers have all stopped for good', () => {
    const p = pod({ restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['true'] }] });
    const [, done, added] = steps(p, [[0], [2000], [3000, addDebugger()]]);
    expect(done!.status.phase).toBe('Succeeded');
    expect(added!.status.ephemeralContainerStatuses![0]!.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(added!.events).toEqual([]);
  });

  it('deleting the pod stops it with the others', () => {
    const del = (p: Pod): Pod => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: '2025-01-01T00:00:05Z', deletionGracePeriodSeconds: 0 } });
    const [, , , gone] = steps(pod(), [[0], [1000, addDebugger()], [2000], [5000, del]]);
    expect(gone!.events.map((e) => `${e.reason} ${e.fieldPath}`)).toEqual(['Killing spec.containers{app}', 'Killing spec.ephemeralContainers{debugger}']);
    expect(gone!.deletePod).toBe(true);
  });
});
