import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { fraction, groupByZone, NO_ZONE, nodeRows } from '../../../dashboard/src/model/node-rows';

const node = (name: string, zone: string | undefined, ready = true): Node => ({
  metadata: { name, labels: zone ? { 'topology.kubernetes.io/zone': zone } : {} },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const pod = (name: string, nodeName: string | undefined, cpu: string, phase = 'Running'): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName, containers: [{ name: 'c', resources: { requests: { cpu, memory: '1Gi' } } }] },
  status: { phase },
});

describe('nodeRows', () => {
  it('sums requests of the non-terminal pods bound to each node, with usage from metrics.k8s.io', () => {
    const rows = nodeRows(
      [node('n-10', 'zone-a'), node('n-2', 'zone-a', false)],
      [pod('a', 'n-2', '500m'), pod('b', 'n-2', '1'), pod('done', 'n-2', '2', 'Succeeded'), pod('pending', undefined, '3', 'Pending')],
      [{ metadata: { name: 'n-2' }, usage: { cpu: '250m', memory: '512Mi' } }],
    );
    expect(rows.map((r) => r.name)).toEqual(['n-2', 'n-10']); // numeric order
    expect(rows[0]).toEqual({
      name: 'n-2',
      zone: 'zone-a',
      ready: false,
      unschedulable: false,
      cpu: { allocatable: 4000, requested: 1500, used: 250 },
      memory: { allocatable: 8 * 2 ** 30, requested: 2 * 2 ** 30, used: 512 * 2 ** 20 },
      pods: { allocatable: 110, count: 2 },
    });
    expect(rows[1]!.cpu).toEqual({ allocatable: 4000, requested: 0, used: undefined });
  });

  it('groups by zone, zones in order and nodes without one last', () => {
    const groups = groupByZone(nodeRows([node('x', undefined), node('c', 'zone-c'), node('a', 'zone-a'), node('a2', 'zone-a')], []));
    expect(groups.map((g) => [g.zone, g.nodes.map((n) => n.name)])).toEqual([
      ['zone-a', ['a', 'a2']],
      ['zone-c', ['c']],
      [NO_ZONE, ['x']],
    ]);
  });

  it('fraction is clamped to 0..1 and 0 when nothing is allocatable', () => {
    expect(fraction(1, 4)).toBe(0.25);
    expect(fraction(8, 4)).toBe(1);
    expect(fraction(1, 0)).toBe(0);
    expect(fraction(undefined, 4)).toBe(0);
  });
});
