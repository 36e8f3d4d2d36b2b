// Rows of upstream's TestGroupPods and TestCalculatePodRequests (replica_calculator_test.go).
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { formatTime } from '../../../../shared/controllers';
import { calculatePodRequests, groupPods, type PodMetricsInfo } from '../../../../shared/controllers/hpa';
import { NOW, TESTING } from './fixtures';

const min = 60_000;

function p(name: string, o: { phase?: string; start?: number; ready?: { status: string; at: number }; deleted?: boolean } = {}): Pod {
  return {
    metadata: { name, ...(o.deleted ? { deletionTimestamp: formatTime(1000) } : {}) },
    status: {
      phase: o.phase ?? 'Succeeded',
      ...(o.start !== undefined ? { startTime: formatTime(o.start) } : {}),
      ...(o.ready ? { conditions: [{ type: 'Ready', status: o.ready.status, lastTransitionTime: formatTime(o.ready.at) }] } : {}),
    },
  };
}

const metric = (value: number, timestamp = 0, window = 0) => ({ value, timestamp, window });

interface GroupCase {
  pods: Pod[];
  metrics: Array<[string, ReturnType<typeof metric>]>;
  resource: string;
  ready: number;
  unready?: string[];
  missing?: string[];
  ignored?: string[];
}

const cases: Record<string, GroupCase> = {
  void: { pods: [], metrics: [], resource: 'cpu', ready: 0 },
  'count in a ready pod - memory': { pods: [p('bentham')], metrics: [['bentham', metric(1, NOW, min)]], resource: 'memory', ready: 1 },
  'unready a pod without ready condition - CPU': { pods: [p('lucretius', { start: NOW })], metrics: [['lucretius', metric(1)]], resource: 'cpu', ready: 0, unready: ['lucretius'] },
  'count in a ready pod with fresh metrics during initialization period - CPU': {
    pods: [p('bentham', { start: NOW - min, ready: { status: 'True', at: NOW - 30_000 } })],
    metrics: [['bentham', metric(1, NOW, 30_000)]],
    resource: 'cpu',
    ready: 1,
  },
  'unready a ready pod without fresh metrics during initialization period - CPU': {
    pods: [p('bentham', { start: NOW - min, ready: { status: 'True', at: NOW - 30_000 } })],
    metrics: [['bentham', metric(1, NOW, 60_000)]],
    resource: 'cpu',
    ready: 0,
    unready: ['bentham'],
  },
  'unready an unready pod during initialization period - CPU': {
    pods: [p('lucretius', { start: NOW - 10 * min, ready: { status: 'False', at: NOW - 9 * min - 54_000 } })],
    metrics: [['lucretius', metric(1)]],
    resource: 'cpu',
    ready: 0,
    unready: ['lucretius'],
  },
  'count in a ready pod without fresh metrics after initialization period - CPU': {
    pods: [p('bentham', { start: NOW - 3 * min, ready: { status: 'True', at: NOW - 3 * min } })],
    metrics: [['bentham', metric(1, NOW - 2 * min, min)]],
    resource: 'cpu',
    ready: 1,
  },
  'count in an unready pod that was ready after initialization period - CPU': {
    pods: [p('lucretius', { start: NOW - 10 * min, ready: { status: 'False', at: NOW - 9 * min } })],
    metrics: [['lucretius', metric(1)]],
    resource: 'cpu',
    ready: 1,
  },
  'unready pod that has never been ready after initialization period - CPU': {
    pods: [p('lucretius', { start: NOW - 10 * min, ready: { status: 'False', at: NOW - 9 * min - 50_000 } })],
    metrics: [['lucretius', metric(1)]],
    resource: 'cpu',
    ready: 1,
  },
  'a missing pod': { pods: [p('epicurus', { start: NOW - 3 * min })], metrics: [], resource: 'cpu', ready: 0, missing: ['epicurus'] },
  'several pods': {
    pods: [
      p('lucretius', { start: NOW }),
      p('niccolo', { start: NOW - 3 * min, ready: { status: 'True', at: NOW - 3 * min } }),
      p('epicurus', { start: NOW - 3 * min }),
    ],
    metrics: [
      ['lucretius', metric(1)],
      ['niccolo', metric(1)],
    ],
    resource: 'cpu',
    ready: 1,
    unready: ['lucretius'],
    missing: ['epicurus'],
  },
  'pending pods are unreadied': { pods: [p('unscheduled', { phase: 'Pending' })], metrics: [], resource: 'cpu', ready: 0, unready: ['unscheduled'] },
  'ignore pods with deletion timestamps': {
    pods: [p('deleted', { phase: 'Pending', deleted: true })],
    metrics: [['deleted', metric(1)]],
    resource: 'cpu',
    ready: 0,
    ignored: ['deleted'],
  },
  'ignore pods in a failed state': { pods: [p('failed', { phase: 'Failed' })], metrics: [['failed', metric(1)]], resource: 'cpu', ready: 0, ignored: ['failed'] },
};

describe('TestGroupPods', () => {
  it.each(Object.entries(cases))('%s', (_, tc) => {
    const g = groupPods(tc.pods, new Map(tc.metrics) as PodMetricsInfo, tc.resource, { now: NOW, ...TESTING });
    expect(g.readyPodCount).toBe(tc.ready);
    expect([...g.unreadyPods].sort()).toEqual(tc.unready ?? []);
    expect([...g.missingPods].sort()).toEqual(tc.missing ?? []);
    expect([...g.ignoredPods].sort()).toEqual(tc.ignored ?? []);
  });
});

describe('TestCalculatePodRequests', () => {
  const cpu = (m: number) => ({ requests: { cpu: `${m}m` } });
  const testPod = (spec: Pod['spec']): Pod => ({ metadata: { name: 'test-pod', namespace: 'test-namespace' }, spec });

  it('void', () => expect(calculatePodRequests([], '', 'cpu')).toEqual(new Map()));
  it('pod with regular containers', () => {
    const pods = [testPod({ containers: [{ name: 'container1', resources: cpu(100) }, { name: 'container2', resources: cpu(50) }] })];
    expect(calculatePodRequests(pods, '', 'cpu')).toEqual(new Map([['test-pod', 150]]));
  });
  it('calculate requests with special container', () => {
    const pods = [testPod({ containers: [{ name: 'container1', resources: cpu(100) }, { name: 'container2', resources: cpu(50) }] })];
    expect(calculatePodRequests(pods, 'container1', 'cpu')).toEqual(new Map([['test-pod', 100]]));
  });
  it('container missing requests', () => {
    expect(() => calculatePodRequests([testPod({ containers: [{ name: 'container1' }] })], '', 'cpu')).toThrow(
      'missing request for cpu in container container1 of Pod test-pod',
    );
  });
  it('pod with restartable init containers', () => {
    const pods = [
      testPod({
        containers: [{ name: 'container1', resources: cpu(100) }],
        initContainers: [
          { name: 'init-container1', resources: cpu(20) },
          { name: 'restartable-container1', restartPolicy: 'Always', resources: cpu(50) },
        ],
      }),
    ];
    expect(calculatePodRequests(pods, '', 'cpu')).toEqual(new Map([['test-pod', 150]]));
  });
});
