import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { printerFor } from '../../../shared/tables';
import { DAY, MIN, NOW, SEC, ago, cells, headers } from './helpers';

const pod = (o: { name: string; spec?: unknown; status?: unknown; deletionTimestamp?: string; creationTimestamp?: string }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: o.name, deletionTimestamp: o.deletionTimestamp, creationTimestamp: o.creationTimestamp },
  spec: o.spec ?? { containers: [{ name: 'a' }, { name: 'b' }] },
  status: o.status,
});
const two = { containers: [{ name: '' }, { name: '' }] };
const one = { containers: [{ name: '' }] };
const running = { running: {} };
const lastTerminated = (ms: number) => ({ terminated: { exitCode: 0, finishedAt: ago(ms) } });
const sidecars = { initContainers: [{ name: 'restartable-init-1', restartPolicy: 'Always' }, { name: 'restartable-init-2', restartPolicy: 'Always' }], containers: [{ name: '' }] };

describe('pod columns', () => {
  it('matches kubectl get pods headers', () => {
    expect(headers('', 'Pod')).toEqual({
      normal: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    });
    expect(printerFor('', 'Pod').columns[3]).toMatchObject({ name: 'Restarts', type: 'string', priority: 0 });
  });
});

// TestPrintPod / TestPrintPodWithRestartableInitContainer from pkg/printers/internalversion/printers_test.go.
describe('printPod (upstream cases)', () => {
  const cases: Array<[string, KubeObject, string[]]> = [
    ['name, containers, restarts, ready', pod({ name: 'test1', spec: two, status: { phase: 'podPhase', containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }] } }), ['test1', '1/2', 'podPhase', '6', '<unknown>']],
    ['container waiting reason overrides phase', pod({ name: 'test2', spec: two, status: { phase: 'podPhase', containerStatuses: [{ ready: true, restartCount: 3, state: running }, { state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 }] } }), ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>']],
    ['first container wins', pod({ name: 'test3', spec: two, status: { phase: 'podPhase', containerStatuses: [{ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 }, { state: { terminated: { reason: 'ContainerTerminatedReason' } }, restartCount: 3 }] } }), ['test3', '0/2', 'ContainerWaitingReason', '6', '<unknown>']],
    ['ready without running is not counted', pod({ name: 'test4', spec: two, status: { phase: 'podPhase', containerStatuses: [{ ready: true, restartCount: 3, state: running }, { ready: true, restartCount: 3 }] } }), ['test4', '1/2', 'podPhase', '6', '<unknown>']],
    ['pod reason overrides phase', pod({ name: 'test5', spec: two, status: { reason: 'podReason', phase: 'podPhase', containerStatuses: [{ ready: true, restartCount: 3, state: running }, { ready: true, restartCount: 3 }] } }), ['test5', '1/2', 'podReason', '6', '<unknown>']],
    ['completed + running without Ready condition', pod({ name: 'test6', spec: two, status: { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }, { ready: true, restartCount: 3, state: running }] } }), ['test6', '1/2', 'NotReady', '6', '<unknown>']],
    ['completed + running with Ready condition', pod({ name: 'test6', spec: two, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }, { ready: true, restartCount: 3, state: running }] } }), ['test6', '1/2', 'Running', '6', '<unknown>']],
    ['init container restarting', pod({ name: 'test7', spec: { initContainers: [{ name: '' }], containers: [{ name: '' }] }, status: { phase: 'podPhase', initContainerStatuses: [{ restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) }], containerStatuses: [{ state: { waiting: {} } }] } }), ['test7', '0/1', 'Init:0/1', '3 (10s ago)', '<unknown>']],
    ['second init container pending', pod({ name: 'test9', spec: { initContainers: [{ name: '' }, { name: '' }], containers: [{ name: '' }] }, status: { phase: 'podPhase', initContainerStatuses: [{ state: { terminated: {} } }, { restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) }], containerStatuses: [{ state: { waiting: {} } }] } }), ['test9', '0/1', 'Init:1/2', '3 (10s ago)', '<unknown>']],
    ['init restarts summed', pod({ name: 'test10', spec: { initContainers: [{ name: '' }, { name: '' }], containers: [{ name: '' }] }, status: { phase: 'podPhase', initContainerStatuses: [{ restartCount: 2, state: { terminated: {} }, lastState: lastTerminated(2 * MIN) }, { restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) }], containerStatuses: [{ state: { waiting: {} } }] } }), ['test10', '0/1', 'Init:1/2', '5 (10s ago)', '<unknown>']],
    ['after init only container restarts count', pod({ name: 'test11', spec: { initContainers: [{ name: '' }], containers: [{ name: '' }] }, status: { phase: 'Running', initContainerStatuses: [{ restartCount: 2, state: { terminated: {} }, lastState: lastTerminated(2 * MIN) }], containerStatuses: [{ restartCount: 4, state: running, lastState: lastTerminated(20 * SEC) }] } }), ['test11', '0/1', 'Running', '4 (20s ago)', '<unknown>']],
    ['restart 5d ago', pod({ name: 'test12', spec: one, status: { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 3, state: running, lastState: lastTerminated(5 * DAY) }] } }), ['test12', '1/1', 'Running', '3 (5d ago)', '<unknown>']],
    ['latest restart across containers', pod({ name: 'test14', spec: two, status: { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 6, state: running, lastState: lastTerminated(5 * DAY) }, { ready: true, restartCount: 3, state: running, lastState: lastTerminated(20 * DAY) }] } }), ['test14', '2/2', 'Running', '9 (5d ago)', '<unknown>']],
    ['SchedulingGated', pod({ name: 'test15', spec: two, status: { phase: 'podPhase', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } }), ['test15', '0/2', 'SchedulingGated', '0', '<unknown>']],
    ['succeeded', pod({ name: 'test16', spec: one, status: { phase: 'Succeeded', containerStatuses: [{ restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }] } }), ['test16', '0/1', 'Completed', '0', '<unknown>']],
    ['failed', pod({ name: 'test17', spec: one, status: { phase: 'Failed', containerStatuses: [{ state: { terminated: { reason: 'Error', exitCode: 1 } } }] } }), ['test17', '0/1', 'Error', '0', '<unknown>']],
    ['succeeded while deleting stays Completed', pod({ name: 'test18', deletionTimestamp: ago(10 * SEC), spec: one, status: { phase: 'Succeeded', containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }] } }), ['test18', '0/1', 'Completed', '0', '<unknown>']],
    ['running while deleting', pod({ name: 'test19', deletionTimestamp: ago(10 * SEC), spec: one, status: { phase: 'Running', containerStatuses: [{ state: running }] } }), ['test19', '0/1', 'Terminating', '0', '<unknown>']],
    ['pending while deleting', pod({ name: 'test20', deletionTimestamp: ago(10 * SEC), spec: one, status: { phase: 'Pending' } }), ['test20', '0/1', 'Terminating', '0', '<unknown>']],
    ['sidecar running but not started', pod({ name: 'test1', spec: sidecars, status: { phase: 'Pending', conditions: [{ type: 'Initialized', status: 'False' }], initContainerStatuses: [{ name: 'restartable-init-1', restartCount: 3, state: running, started: false, lastState: lastTerminated(10 * SEC) }, { name: 'restartable-init-2', state: { waiting: {} }, started: false }], containerStatuses: [{ state: { waiting: {} } }] } }), ['test1', '0/3', 'Init:0/2', '3 (10s ago)', '<unknown>']],
    ['second sidecar not started', pod({ name: 'test1', spec: sidecars, status: { phase: 'Pending', conditions: [{ type: 'Initialized', status: 'False' }], initContainerStatuses: [{ name: 'restartable-init-1', restartCount: 3, state: running, started: true, lastState: lastTerminated(10 * SEC) }, { name: 'restartable-init-2', state: running, started: false }], containerStatuses: [{ state: { waiting: {} } }] } }), ['test1', '0/3', 'Init:1/2', '3 (10s ago)', '<unknown>']],
    ['sidecars started, container running', pod({ name: 'test2', spec: sidecars, status: { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [{ name: 'restartable-init-1', restartCount: 3, state: running, started: true, lastState: lastTerminated(10 * SEC) }, { name: 'restartable-init-2', state: running, started: true }], containerStatuses: [{ ready: true, restartCount: 4, state: running, lastState: lastTerminated(20 * SEC) }] } }), ['test2', '1/3', 'Running', '7 (10s ago)', '<unknown>']],
    ['statuses for unknown containers', pod({ name: 'test4', spec: { initContainers: [{ name: 'init1', image: 'initimage' }, { name: 'sidecar1', image: 'sidecarimage', restartPolicy: 'Always' }], containers: [{ name: 'container1', image: 'containerimage' }] }, status: { phase: 'Running', initContainerStatuses: [{ name: 'initinvalid' }, { name: 'init1' }, { name: 'sidecar1' }], containerStatuses: [{ name: 'containerinvalid' }, { name: 'container1' }] } }), ['test4', '0/2', 'Init:0/2', '0', '<unknown>']],
  ];
  it.each(cases)('%s', (_why, obj, want) => {
    expect(cells('', 'Pod', obj).slice(0, 5)).toEqual(want);
  });

  it('marks finished pods with a Completed row condition', () => {
    const done = printerFor('', 'Pod').print(cases[14]![1], NOW);
    expect(done.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    expect(printerFor('', 'Pod').print(cases[15]![1], NOW).conditions?.[0]?.reason).toBe('Failed');
    expect(printerFor('', 'Pod').print(cases[0]![1], NOW).conditions).toBeUndefined();
  });
});

describe('printPod (realistic pods, all wide cells)', () => {
  it('running pod with two containers, one restarted', () => {
    const obj = pod({
      name: 'web-7d4b9c8f5-x2x9q',
      creationTimestamp: ago(3 * DAY + 4 * 3600 * SEC),
      spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'sidecar', image: 'envoy:1.30' }] },
      status: {
        phase: 'Running',
        podIP: '10.244.1.7',
        podIPs: [{ ip: '10.244.1.7' }],
        conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: ago(3 * DAY) } } },
          { name: 'sidecar', ready: true, restartCount: 3, state: { running: { startedAt: ago(5 * MIN) } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(5 * MIN) } } },
        ],
      },
    });
    expect(cells('', 'Pod', obj)).toEqual(['web-7d4b9c8f5-x2x9q', '2/2', 'Running', '3 (5m ago)', '3d4h', '10.244.1.7', 'worker-1', '<none>', '<none>']);
  });

  it('pending pod not yet scheduled', () => {
    const obj = pod({
      name: 'pending',
      creationTimestamp: ago(42 * SEC),
      spec: { containers: [{ name: 'app', image: 'busybox' }] },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
    });
    expect(cells('', 'Pod', obj)).toEqual(['pending', '0/1', 'Pending', '0', '42s', '<none>', '<none>', '<none>', '<none>']);
  });

  it('pod creating containers on its node', () => {
    const obj = pod({
      name: 'creating',
      creationTimestamp: ago(3 * SEC),
      spec: { nodeName: 'worker-2', containers: [{ name: 'app' }] },
      status: { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
    });
    expect(cells('', 'Pod', obj).slice(0, 5)).toEqual(['creating', '0/1', 'ContainerCreating', '0', '3s']);
  });

  it('terminating pod', () => {
    const obj = pod({
      name: 'old',
      creationTimestamp: ago(2 * 3600 * SEC),
      deletionTimestamp: ago(-30 * SEC),
      spec: { nodeName: 'worker-1', containers: [{ name: 'app' }] },
      status: { phase: 'Running', podIP: '10.244.1.9', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }] },
    });
    expect(cells('', 'Pod', obj)).toEqual(['old', '1/1', 'Terminating', '0', '120m', '10.244.1.9', 'worker-1', '<none>', '<none>']);
  });

  it('terminating pod on a lost node shows Unknown', () => {
    const obj = pod({ name: 'lost', deletionTimestamp: ago(0), spec: one, status: { phase: 'Running', reason: 'NodeLost' } });
    expect(cells('', 'Pod', obj)[2]).toBe('Unknown');
  });

  it('CrashLoopBackOff pod', () => {
    const obj = pod({
      name: 'crashy',
      creationTimestamp: ago(10 * MIN),
      spec: { nodeName: 'worker-1', containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        podIPs: [{ ip: '10.244.2.3' }],
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 6,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(62 * SEC) } },
          },
        ],
      },
    });
    expect(cells('', 'Pod', obj)).toEqual(['crashy', '0/1', 'CrashLoopBackOff', '6 (62s ago)', '10m', '10.244.2.3', 'worker-1', '<none>', '<none>']);
  });

  it.each([
    [{ terminated: { exitCode: 1 } }, 'Init:ExitCode:1'],
    [{ terminated: { exitCode: 137, signal: 9 } }, 'Init:Signal:9'],
    [{ terminated: { exitCode: 1, reason: 'Error' } }, 'Init:Error'],
    [{ waiting: { reason: 'CrashLoopBackOff' } }, 'Init:CrashLoopBackOff'],
    [{ waiting: { reason: 'PodInitializing' } }, 'Init:0/1'],
  ])('init container state %j → %s', (state, want) => {
    const obj = pod({ name: 'p', spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'app' }] }, status: { phase: 'Pending', initContainerStatuses: [{ name: 'init', state }] } });
    expect(cells('', 'Pod', obj)[2]).toBe(want);
  });

  it.each([
    [{ terminated: { exitCode: 2 } }, 'ExitCode:2'],
    [{ terminated: { exitCode: 0, signal: 15 } }, 'Signal:15'],
  ])('container terminated without reason %j → %s', (state, want) => {
    expect(cells('', 'Pod', pod({ name: 'p', spec: one, status: { phase: 'Running', containerStatuses: [{ state }] } }))[2]).toBe(want);
  });

  it('readiness gates count True conditions (TestPrintPodwide)', () => {
    const obj = pod({
      name: 'test1',
      spec: { containers: [{ name: '' }, { name: '' }], nodeName: 'test1', readinessGates: [{ conditionType: 'condition1' }, { conditionType: 'condition2' }, { conditionType: 'condition3' }] },
      status: {
        conditions: [{ type: 'condition1', status: 'False' }, { type: 'condition2', status: 'True' }],
        phase: 'podPhase',
        podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }],
        containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }],
        nominatedNodeName: 'node1',
      },
    });
    expect(cells('', 'Pod', obj)).toEqual(['test1', '1/2', 'podPhase', '6', '<unknown>', '1.1.1.1', 'test1', 'node1', '1/3']);
  });
});
