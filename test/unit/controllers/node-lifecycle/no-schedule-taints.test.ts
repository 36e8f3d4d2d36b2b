import { describe, expect, it } from 'vitest';
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1';
import { computeNoScheduleTaints } from '../../../../shared/controllers/node-lifecycle/no-schedule-taints';
import { lifecycleNode } from '../../../../shared/controllers/node-lifecycle/lifecycle-node';
import { date, wholeNode } from './harness';

const now = date(2017, 1, 1, 12);
const cond = (type: string, status: string): NodeCondition => ({ type, status });
const mk = (conditions: NodeCondition[], taints?: Taint[], unschedulable?: boolean): Node => ({
  metadata: { name: 'node0' },
  spec: { taints, unschedulable },
  status: { conditions },
});
const keys = (taints: Taint[] | undefined) => (taints ?? []).map((t) => `${t.key}:${t.effect}`);

describe('TestTaintsNodeByCondition', () => {
  it.each([
    ['NetworkUnavailable is true', mk([cond('Ready', 'True'), cond('NetworkUnavailable', 'True')]), ['node.kubernetes.io/network-unavailable:NoSchedule']],
    ['Ready is false', mk([cond('Ready', 'False')]), ['node.kubernetes.io/not-ready:NoSchedule']],
    ['Ready is unknown', mk([cond('Ready', 'Unknown')]), ['node.kubernetes.io/unreachable:NoSchedule']],
    [
      'pressures',
      mk([cond('Ready', 'True'), cond('MemoryPressure', 'True'), cond('DiskPressure', 'True'), cond('PIDPressure', 'True')]),
      ['node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule'],
    ],
    ['spec.unschedulable', mk([cond('Ready', 'True')], undefined, true), ['node.kubernetes.io/unschedulable:NoSchedule']],
  ])('%s', (_name, node, expected) => {
    const change = computeNoScheduleTaints(node, now);
    expect(keys(change.taints)).toEqual(expected);
    expect(computeNoScheduleTaints(lifecycleNode(wholeNode(node)), now)).toEqual(change);
    expect(change.taints?.every((t) => t.timeAdded === '2017-01-01T12:00:00Z')).toBe(true);
  });

  it('removes stale condition taints, keeps NoExecute and user taints, and is a no-op when in sync', () => {
    const node = mk([cond('Ready', 'True')], [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ]);
    const change = computeNoScheduleTaints(node, now);
    expect(keys(change.remove)).toEqual(['node.kubernetes.io/not-ready:NoSchedule']);
    expect(computeNoScheduleTaints(lifecycleNode(wholeNode(node)), now)).toEqual(change);
    expect(keys(change.taints)).toEqual(['node.kubernetes.io/not-ready:NoExecute', 'dedicated:NoSchedule']);
    expect(computeNoScheduleTaints({ ...node, spec: { taints: change.taints } }, now + 5000)).toEqual({ add: [], remove: [] });
  });
});
