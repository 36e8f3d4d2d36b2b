import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../../../shared/api/object';
import { noticeOf, type ChangeNotice } from '../../../../shared/apiserver/change-notice';
import { computeNoScheduleTaints, nodeNoticeWork } from '../../../../shared/controllers/node-lifecycle';

type Node = StoredObject & { spec: Record<string, unknown>; status: { conditions: Record<string, unknown>[]; [k: string]: unknown } };

const T0 = Date.UTC(2026, 11, 3, 10);
const AT_10 = '2026-12-03T10:00:00Z';

/** A zone-a node whose kubelet last reported MemoryPressure False and Ready True at 10:00:00. */
function base(): Node {
  const conditions = [
    ['MemoryPressure', 'False'],
    ['Ready', 'True'],
  ].map(([type, status]) => ({ type, status, reason: `Kubelet${type}`, lastHeartbeatTime: AT_10, lastTransitionTime: AT_10 }));
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n-1', resourceVersion: '10', labels: { 'topology.kubernetes.io/zone': 'a' } }, spec: {}, status: { conditions } };
}

function changed(edit: (n: Node) => void): Node {
  const next = structuredClone(base());
  next.metadata.resourceVersion = '11';
  edit(next);
  return next;
}

/** The kubelet's periodic status report (nodeStatusReportFrequency): every condition's heartbeat moves. */
const report = (n: Node) => (n.status.conditions = n.status.conditions.map((c) => ({ ...c, lastHeartbeatTime: '2026-12-03T10:05:00Z' })));
const modified = (next: Node): ChangeNotice => noticeOf('nodes', 'MODIFIED', next, base());

describe('node lifecycle: what a node notice costs the host', () => {
  it.each([
    ["the kubelet's periodic report: heartbeat times only", (n: Node) => report(n), { monitor: false, taints: false, heartbeat: true }],
    ['Ready turns False in a report', (n: Node) => (report(n), (n.status.conditions[1]!.status = 'False')), { monitor: false, taints: true, heartbeat: false }],
    ['MemoryPressure turns True without a new heartbeat', (n: Node) => (n.status.conditions[0]!.status = 'True'), { monitor: false, taints: true, heartbeat: false }],
    ['cordoned', (n: Node) => (n.spec.unschedulable = true), { monitor: false, taints: true, heartbeat: false }],
    ['a taint is added', (n: Node) => (n.spec.taints = [{ key: 'k', effect: 'NoSchedule' }]), { monitor: false, taints: true, heartbeat: false }],
    ['a zone label changes', (n: Node) => (n.metadata.labels = { 'topology.kubernetes.io/zone': 'b' }), { monitor: false, taints: true, heartbeat: false }],
  ])('%s', (_, edit, work) => {
    expect(nodeNoticeWork(modified(changed(edit)))).toEqual(work);
  });

  it('a node added or removed starts the monitor and reads the node; an update whose change is unknown (replayed) reads it', () => {
    expect(nodeNoticeWork(noticeOf('nodes', 'ADDED', base()))).toEqual({ monitor: true, taints: true, heartbeat: false });
    expect(nodeNoticeWork(noticeOf('nodes', 'DELETED', base()))).toEqual({ monitor: true, taints: true, heartbeat: false });
    expect(nodeNoticeWork(noticeOf('nodes', 'MODIFIED', changed(report)))).toEqual({ monitor: false, taints: true, heartbeat: false });
  });

  it('what it skips is what upstream computes and does not write: a report cannot change the NoSchedule taints', () => {
    // doNoScheduleTaintingPass on the node before and after a heartbeat-only report: the same taints, so no patch
    const before = computeNoScheduleTaints(base() as never, T0);
    const after = computeNoScheduleTaints(changed(report) as never, T0);
    expect(after).toEqual(before);
    const notReady = changed((n) => (report(n), (n.status.conditions[1]!.status = 'False')));
    expect(computeNoScheduleTaints(notReady as never, T0).taints).toContainEqual(expect.objectContaining({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }));
  });
});
