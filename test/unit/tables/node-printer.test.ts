import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { nodeRoles } from '../../../shared/tables';
import { DAY, HOUR, ago, cells, headers } from './helpers';

const node = (spec: object, status: object, labels: Record<string, string> = {}, creationTimestamp?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'foo', labels, creationTimestamp },
  spec,
  status,
});

describe('node printer', () => {
  it('matches kubectl get nodes headers', () => {
    expect(headers('', 'Node')).toEqual({
      normal: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
      wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    });
  });

  // TestPrintNodeStatus.
  it.each([
    [{}, [{ type: 'Ready', status: 'True' }], 'Ready'],
    [{ unschedulable: true }, [{ type: 'Ready', status: 'True' }], 'Ready,SchedulingDisabled'],
    [{}, [{ type: 'Ready', status: 'True' }, { type: 'Ready', status: 'True' }], 'Ready'],
    [{}, [{ type: 'Ready', status: 'False' }], 'NotReady'],
    [{ unschedulable: true }, [{ type: 'Ready', status: 'False' }], 'NotReady,SchedulingDisabled'],
    [{}, [{ type: 'Ready', status: 'Unknown' }], 'NotReady'],
    [{}, [], 'Unknown'],
    [{ unschedulable: true }, [], 'Unknown,SchedulingDisabled'],
    [{}, [{ type: 'InvalidValue', status: 'True' }], 'Unknown'],
    [{}, [{ type: 'MemoryPressure', status: 'True' }, { type: 'Ready', status: 'True' }], 'Ready'],
  ])('spec %j conditions %j → %s', (spec, conditions, want) => {
    expect(cells('', 'Node', node(spec, { conditions }))[1]).toBe(want);
  });

  // TestPrintNodeRole.
  it.each([
    [{ 'node-role.kubernetes.io/master': '', 'node-role.kubernetes.io/proxy': '', 'kubernetes.io/role': 'node' }, 'master,node,proxy'],
    [{ 'node-role.kubernetes.io/control-plane': '' }, 'control-plane'],
    [{ 'node-role.kubernetes.io/': '', 'kubernetes.io/role': '' }, '<none>'],
    [{ 'kubernetes.io/hostname': 'foo' }, '<none>'],
  ])('labels %j → roles %s', (labels, want) => {
    expect(cells('', 'Node', node({}, {}, labels))[2]).toBe(want);
  });

  it('nodeRoles dedupes and sorts', () => {
    expect(nodeRoles({ 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/infra': 'x' })).toEqual(['infra', 'worker']);
  });

  it('cordoned control-plane node, all wide cells', () => {
    const obj = node(
      { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
      {
        conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'kind-control-plane' }],
        nodeInfo: {
          kubeletVersion: 'v1.32.0',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.8.0-45-generic',
          containerRuntimeVersion: 'containerd://1.7.24',
        },
      },
      { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'kind-control-plane' },
      ago(12 * DAY + 5 * HOUR),
    );
    expect(cells('', 'Node', obj)).toEqual([
      'foo',
      'Ready,SchedulingDisabled',
      'control-plane',
      '12d',
      'v1.32.0',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0-45-generic',
      'containerd://1.7.24',
    ]);
  });

  it('fills <unknown> for missing node info and <none> for missing addresses', () => {
    expect(cells('', 'Node', node({}, {})).slice(4)).toEqual(['', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});
