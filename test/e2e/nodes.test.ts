// Node objects created by hand (no kubelet): cordon, uncordon and taint work on them like on real nodes.
import { describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, tableRows } from './support/kubectl';

const nodeName = `e2e-node-${process.pid % 10000}`;

describe('nodes', () => {
  it('create -f a bare Node, then cordon / uncordon it', async () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName, labels: { 'kubernetes.io/hostname': nodeName } } };
    expect((await kubectl(['create', '-f', '-'], { stdin: manifest(node) })).stdout).toBe(`node/${nodeName} created\n`);
    const rows = tableRows((await kubectl(['get', 'node', nodeName])).stdout);
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(rows[1]?.slice(0, 3)).toEqual([nodeName, 'Unknown', '<none>']);

    expect((await kubectl(['cordon', nodeName])).stdout).toBe(`node/${nodeName} cordoned\n`);
    expect((await getJson(['node', nodeName])).spec.unschedulable).toBe(true);
    expect(tableRows((await kubectl(['get', 'node', nodeName])).stdout)[1]?.[1]).toBe('Unknown,SchedulingDisabled');
    expect((await kubectl(['cordon', nodeName])).stdout).toBe(`node/${nodeName} already cordoned\n`);
    const unschedulable = tableRows((await kubectl(['get', 'nodes', '--field-selector', 'spec.unschedulable=true', '-o', 'name'])).stdout);
    expect(unschedulable.map((r) => r[0])).toContain(`node/${nodeName}`);

    expect((await kubectl(['uncordon', nodeName])).stdout).toBe(`node/${nodeName} uncordoned\n`);
    expect((await getJson(['node', nodeName])).spec.unschedulable).toBeUndefined();
  });

  it('taint adds, refuses a duplicate, overwrites and removes taints', async () => {
    expect((await kubectl(['taint', 'node', nodeName, 'dedicated=gpu:NoSchedule'])).stdout).toBe(`node/${nodeName} tainted\n`);
    expect((await getJson(['node', nodeName])).spec.taints).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    const dup = await kubectl(['taint', 'node', nodeName, 'dedicated=cpu:NoSchedule'], { allowFail: true });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('error: node ' + nodeName + ' already has dedicated taint(s) with same effect(s) and --overwrite is false\n');
    await kubectl(['taint', 'node', nodeName, 'dedicated=cpu:NoSchedule', '--overwrite']);
    await kubectl(['taint', 'node', nodeName, 'spot:PreferNoSchedule']);
    // kubectl puts the taints it adds first, then the ones already there (taint.go reorganizeTaints), and sends the whole list.
    expect((await getJson(['node', nodeName])).spec.taints).toEqual([
      { key: 'spot', effect: 'PreferNoSchedule' },
      { key: 'dedicated', value: 'cpu', effect: 'NoSchedule' },
    ]);
    expect((await kubectl(['taint', 'node', nodeName, 'dedicated-'])).stdout).toBe(`node/${nodeName} untainted\n`);
    expect((await getJson(['node', nodeName])).spec.taints).toEqual([{ key: 'spot', effect: 'PreferNoSchedule' }]);
    await kubectl(['taint', 'node', nodeName, 'spot:PreferNoSchedule-']);
    expect((await getJson(['node', nodeName])).spec.taints).toBeUndefined();
  });

  it('get nodes -o wide prints the upstream columns, and delete removes the node', async () => {
    const rows = tableRows((await kubectl(['get', 'nodes', '-o', 'wide'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
    expect((await kubectl(['delete', 'node', nodeName])).stdout).toBe(`node "${nodeName}" deleted\n`);
    expect((await kubectl(['get', 'node', nodeName], { allowFail: true })).stderr).toBe(`Error from server (NotFound): nodes "${nodeName}" not found\n`);
  });
});
