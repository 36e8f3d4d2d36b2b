import { describe, expect, it } from 'vitest';
import { noticeOf, type ChangeNotice } from '../../../shared/apiserver/change-notice';
import type { StoredObject } from '../../../shared/api/object';
import { kubeletHearsNodeUpdate, nodeHeartbeatOnly, nodePoolHearsNode, nodeUpdateMatters, taintEvictionHearsNode } from '../../../shared/controllers/node-update-filters';

type Node = StoredObject & { spec: Record<string, unknown>; status: { conditions: Record<string, unknown>[]; [k: string]: unknown } };

const condition = (type: string, status: string, heartbeat: string, reason = `Kubelet${type}`) => ({
  type,
  status,
  reason,
  message: `kubelet says ${type} is ${status}`,
  lastHeartbeatTime: heartbeat,
  lastTransitionTime: '2026-12-03T10:00:00Z',
});

/** A pool node as its kubelet last reported it at 10:00:00. */
const base = (): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1', uid: 'n-1', resourceVersion: '10', labels: { 'kubernetes.io/hostname': 'node-1' } },
  spec: { podCIDR: '10.244.1.0/24' },
  status: {
    conditions: [condition('MemoryPressure', 'False', '2026-12-03T10:00:00Z'), condition('Ready', 'True', '2026-12-03T10:00:00Z')],
    allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
  },
});

function changed(edit: (n: Node) => void): Node {
  const next = structuredClone(base());
  next.metadata.resourceVersion = '11';
  edit(next);
  return next;
}

const modified = (next: Node): ChangeNotice => noticeOf('nodes', 'MODIFIED', next, base());
const report = (n: Node, at = '2026-12-03T10:05:00Z') => (n.status.conditions = n.status.conditions.map((c) => ({ ...c, lastHeartbeatTime: at })));

describe('node notices: what an update changed, and who hears it', () => {
  it.each([
    ["the kubelet's periodic report: heartbeat times only", (n: Node) => report(n), { heartbeatOnly: true, matters: false, taintEviction: false, nodePool: false }],
    ['Ready turns False in a report', (n: Node) => (report(n), (n.status.conditions[1]!.status = 'False')), { heartbeatOnly: false, matters: true, taintEviction: false, nodePool: true }],
    ["a condition's reason changes with its heartbeat", (n: Node) => (report(n), (n.status.conditions[0]!.reason = 'KubeletHasInsufficientMemory')), { heartbeatOnly: false, matters: true, taintEviction: false, nodePool: true }],
    ['allocatable changes', (n: Node) => (n.status.allocatable = { cpu: '8', memory: '16Gi', pods: '110' }), { heartbeatOnly: false, matters: true, taintEviction: false, nodePool: true }],
    ['a NoExecute taint is added', (n: Node) => (n.spec.taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]), { heartbeatOnly: false, matters: true, taintEviction: true, nodePool: false }],
    ['cordoned (unschedulable, no taint yet)', (n: Node) => (n.spec.unschedulable = true), { heartbeatOnly: false, matters: true, taintEviction: false, nodePool: false }],
    ['a label changes', (n: Node) => (n.metadata.labels = { ...n.metadata.labels, zone: 'b' }), { heartbeatOnly: false, matters: true, taintEviction: false, nodePool: true }],
    ['deletion begins (deletionTimestamp set)', (n: Node) => Object.assign(n.metadata, { deletionTimestamp: '2026-12-03T10:06:00Z' }), { heartbeatOnly: false, matters: true, taintEviction: false, nodePool: true }],
  ] as [string, (n: Node) => void, { heartbeatOnly: boolean; matters: boolean; taintEviction: boolean; nodePool: boolean }][])('%s', (_name, edit, want) => {
    const n = modified(changed(edit));
    expect({ heartbeatOnly: nodeHeartbeatOnly(n), matters: nodeUpdateMatters(n), taintEviction: taintEvictionHearsNode(n), nodePool: nodePoolHearsNode(n) }).toEqual(want);
  });

  it('a new or deleted node, and an update whose change is unknown, always pass', () => {
    const added = noticeOf('nodes', 'ADDED', base());
    const gone = noticeOf('nodes', 'DELETED', base());
    const unknown = noticeOf('nodes', 'MODIFIED', changed((n) => report(n)));
    for (const n of [added, gone, unknown]) expect({ matters: nodeUpdateMatters(n), taintEviction: taintEvictionHearsNode(n), nodePool: nodePoolHearsNode(n) }).toEqual({ matters: true, taintEviction: true, nodePool: true });
  });

  it("the kubelet hears a node's update unless the kubelet alone wrote it (its copy of the node is then current)", () => {
    const entry = (manager: string, time: string, subresource?: string) => ({ manager, operation: 'Update', apiVersion: 'v1', time, fieldsType: 'FieldsV1', fieldsV1: {}, ...(subresource ? { subresource } : {}) });
    const withEntries = (n: Node, ...entries: ReturnType<typeof entry>[]) => ((n.metadata.managedFields = entries), n);
    const before = withEntries(base(), entry('kubelet', '2026-12-03T10:00:00Z', 'status'), entry('kubectl', '2026-12-03T09:00:00Z'));
    const notice = (edit: (n: Node) => void) => noticeOf('nodes', 'MODIFIED', changed(edit), before);
    const own = notice((n) => (report(n), withEntries(n, entry('kubelet', '2026-12-03T10:05:00Z', 'status'), entry('kubectl', '2026-12-03T09:00:00Z'))));
    expect(own.changed?.writers).toEqual(['kubelet/status']);
    expect(kubeletHearsNodeUpdate(own)).toBe(false);
    const lifecycle = notice((n) => ((n.status.conditions[1]!.status = 'Unknown'), withEntries(n, entry('kubelet', '2026-12-03T10:00:00Z', 'status'), entry('kubectl', '2026-12-03T09:00:00Z'), entry('node-lifecycle-controller', '2026-12-03T10:06:00Z', 'status'))));
    expect(lifecycle.changed?.writers).toEqual(['node-lifecycle-controller/status']);
    expect(kubeletHearsNodeUpdate(lifecycle)).toBe(true);
    const user = notice((n) => ((n.spec.unschedulable = true), withEntries(n, entry('kubelet', '2026-12-03T10:00:00Z', 'status'), entry('kubectl', '2026-12-03T10:07:00Z'))));
    expect(kubeletHearsNodeUpdate(user)).toBe(true);
    // who wrote it unknown (no managedFields moved, or no previous object): heard
    expect(kubeletHearsNodeUpdate(modified(changed((n) => report(n))))).toBe(true);
    expect(kubeletHearsNodeUpdate(noticeOf('nodes', 'MODIFIED', changed((n) => report(n))))).toBe(true);
    expect(kubeletHearsNodeUpdate(noticeOf('nodes', 'ADDED', base()))).toBe(true);
  });

  it('a pod status change is never heartbeat-only (pods have no lastHeartbeatTime): the flag is the node report\'s alone', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'p', resourceVersion: '1' }, spec: {}, status: { phase: 'Running' } } as StoredObject;
    const next = { ...pod, metadata: { ...pod.metadata, resourceVersion: '2' }, status: { phase: 'Succeeded' } } as StoredObject;
    expect(noticeOf('pods', 'MODIFIED', next, pod).changed).toEqual({ parts: ['status'], writers: [] });
  });
});
