// conditionsChanged: whether the kubelet's status loop has a condition to change (setters.go's four),
// which must agree with nodeConditions' `changed` for every previous list and every fault.
import { describe, expect, it } from 'vitest';
import type { NodeCondition } from 'kubernetes-types/core/v1';
import { conditionsChanged, nodeConditions, type NodeFaults } from '../../../shared/nodes';

const T0 = Date.UTC(2026, 0, 1);
const healthy = nodeConditions('n1', undefined, {}, T0).conditions;
const with_ = (type: string, patch: Partial<NodeCondition>) => healthy.map((c) => (c.type === type ? { ...c, ...patch } : c));

const previous: { name: string; conditions: NodeCondition[] | undefined }[] = [
  { name: 'none posted', conditions: undefined },
  { name: 'an empty list', conditions: [] },
  { name: 'healthy', conditions: healthy },
  { name: 'healthy, an hour old', conditions: nodeConditions('n1', undefined, {}, T0 - 3_600_000).conditions },
  { name: 'healthy in another order, plus NetworkUnavailable', conditions: [{ type: 'NetworkUnavailable', status: 'False' }, ...[...healthy].reverse()] },
  { name: 'Ready missing', conditions: healthy.filter((c) => c.type !== 'Ready') },
  { name: 'Ready Unknown (the node lifecycle controller)', conditions: with_('Ready', { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }) },
  { name: 'Ready with another message', conditions: with_('Ready', { message: 'something else' }) },
  { name: 'MemoryPressure with another reason', conditions: with_('MemoryPressure', { reason: 'Other' }) },
  { name: 'under memory pressure', conditions: nodeConditions('n1', undefined, { memoryPressure: true }, T0).conditions },
  { name: 'not ready, disk and PID pressure', conditions: nodeConditions('n1', undefined, { notReady: true, diskPressure: true, pidPressure: true }, T0).conditions },
];
const faults: (NodeFaults | undefined)[] = [undefined, {}, { memoryPressure: true }, { diskPressure: true }, { pidPressure: true }, { notReady: true }, { notReady: true, diskPressure: true, pidPressure: true }];

describe('conditionsChanged', () => {
  for (const p of previous) {
    it.each(faults.map((f) => ({ f, label: JSON.stringify(f) })))(`${p.name}, faults $label`, ({ f }) => {
      expect(conditionsChanged(p.conditions, f)).toBe(nodeConditions('n1', p.conditions, f, T0 + 10_000).changed);
    });
  }
  it('healthy with no faults has nothing to change; a fault or a missing condition does', () => {
    expect(conditionsChanged(healthy, {})).toBe(false);
    expect(conditionsChanged(healthy, { notReady: true })).toBe(true);
    expect(conditionsChanged(healthy.slice(1), {})).toBe(true);
    expect(conditionsChanged(undefined, undefined)).toBe(true);
  });
});
