import { describe, expect, it } from 'vitest';
import { changeOf, noticeOf, type ChangeNotice } from '../../../shared/apiserver/change-notice';
import type { StoredObject } from '../../../shared/api/object';
import { kubeletHearsPod, nodeLifecycleHearsPod, taintEvictionHearsPod } from '../../../shared/controllers/pod-update-filters';

type Pod = StoredObject & { spec: Record<string, unknown>; status: Record<string, unknown> };
type Entry = { manager: string; operation: string; apiVersion: string; time: string; fieldsV1: unknown; subresource?: string };

const entry = (manager: string, time: string, fields: string[], subresource?: string): Entry => ({
  manager,
  operation: 'Update',
  apiVersion: 'v1',
  time,
  fieldsV1: Object.fromEntries(fields.map((f) => [f, {}])),
  ...(subresource ? { subresource } : {}),
});

/** A pod bound to node-1, last written by the kubelet at 10:00:00. */
const base = (): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'ns',
    uid: 'uid-1',
    resourceVersion: '10',
    labels: { app: 'web' },
    managedFields: [entry('kube-controller-manager', '2026-12-03T10:00:00Z', ['f:spec']), entry('kube-scheduler', '2026-12-03T10:00:00Z', ['f:status'], 'binding') as never, entry('kubelet', '2026-12-03T10:00:00Z', ['f:status'], 'status') as never] as never,
  },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }], tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] },
  status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] },
});

/** `pod` changed by `edit`, with the resourceVersion every commit bumps. */
function changed(edit: (p: Pod) => void, from: Pod = base()): Pod {
  const next = structuredClone(from);
  next.metadata.resourceVersion = String(Number(from.metadata.resourceVersion) + 1);
  edit(next);
  return next;
}

/** The kubelet's status write at `time` (a new time on its entry, as trackUpdate stamps it). */
const kubeletStatus = (time: string) => (p: Pod) => {
  p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
  setEntry(p, entry('kubelet', time, ['f:status', 'f:status.phase'], 'status'));
};

function setEntry(p: Pod, e: Entry): void {
  const list = (p.metadata.managedFields ?? []) as unknown as Entry[];
  const i = list.findIndex((x) => x.manager === e.manager && x.subresource === e.subresource);
  if (i >= 0) list[i] = e;
  else list.push(e);
  p.metadata.managedFields = list as never;
}

const modified = (next: Pod, prev: Pod = base()): ChangeNotice => noticeOf('pods', 'MODIFIED', next, prev);

describe('changeOf: what an update changed, from the object before it', () => {
  it('a status write by the kubelet: status only, written by kubelet/status', () => {
    expect(changeOf(base(), changed(kubeletStatus('2026-12-03T10:00:05Z')))).toEqual({ parts: ['status'], writers: ['kubelet/status'] });
  });
  it('a binding: spec and spec.nodeName', () => {
    const next = changed((p) => (p.spec.nodeName = 'node-2'));
    expect(changeOf(base(), next).parts).toEqual(['spec', 'spec.nodeName']);
  });
  it('a deletion: metadata and metadata.deletionTimestamp', () => {
    const next = changed((p) => {
      Object.assign(p.metadata, { deletionTimestamp: '2026-12-03T10:01:00Z', deletionGracePeriodSeconds: 30 });
    });
    expect(changeOf(base(), next).parts).toEqual(['metadata', 'metadata.deletionTimestamp']);
  });
  it('tolerations added: spec and spec.tolerations, nodeName unchanged', () => {
    const next = changed((p) => (p.spec.tolerations = [...(p.spec.tolerations as unknown[]), { key: 'k', operator: 'Exists' }]));
    expect(changeOf(base(), next).parts).toEqual(['spec', 'spec.tolerations']);
  });
  it('resourceVersion and managedFields alone are not a change of metadata', () => {
    const next = changed((p) => setEntry(p, entry('kubelet', '2026-12-03T10:00:09Z', ['f:status'], 'status')));
    expect(changeOf(base(), next)).toEqual({ parts: [], writers: ['kubelet/status'] });
  });
  it('an empty list and an absent one are the same (Semantic.DeepEqual)', () => {
    const next = changed((p) => (p.spec.tolerations = []), changed((p) => delete p.spec.tolerations));
    expect(changeOf(changed((p) => delete p.spec.tolerations), next).parts).toEqual([]);
  });
  it('a writer whose entry kept its time (a write within the same second) is not named: the writers are unknown', () => {
    const first = changed(kubeletStatus('2026-12-03T10:00:05Z'));
    const again = changed((p) => (p.status.phase = 'Succeeded'), first);
    expect(changeOf(first, again)).toEqual({ parts: ['status'], writers: [] });
  });
  it('a status write that takes a field from the kubelet names its writer, not the kubelet (whose entry kept its time)', () => {
    const next = changed((p) => {
      p.status.conditions = [{ type: 'Ready', status: 'False' }, { type: 'DisruptionTarget', status: 'True' }];
      setEntry(p, entry('kubelet', '2026-12-03T10:00:00Z', ['f:status.phase'], 'status'));
      setEntry(p, entry('taint-eviction', '2026-12-03T10:00:07Z', ['f:status'], 'status'));
    });
    expect(changeOf(base(), next)).toEqual({ parts: ['status'], writers: ['taint-eviction/status'] });
  });
  it('an entry that is gone, or new, names its manager', () => {
    const next = changed((p) => {
      p.metadata.managedFields = (p.metadata.managedFields as unknown as Entry[]).filter((e) => e.manager !== 'kube-scheduler') as never;
      setEntry(p, entry('kubectl-label', '2026-12-03T10:00:00Z', ['f:metadata'], undefined));
      p.metadata.labels = { app: 'web', tier: 'front' };
    });
    expect(changeOf(base(), next)).toEqual({ parts: ['metadata'], writers: ['kubectl-label', 'kube-scheduler/binding'] });
  });
  it('a pod notice carries its Ready condition\'s status, none without one; other kinds carry none', () => {
    expect(noticeOf('pods', 'ADDED', base()).ready).toBe('False');
    expect(modified(changed(kubeletStatus('2026-12-03T10:00:05Z'))).ready).toBe('True');
    expect(noticeOf('pods', 'ADDED', changed((p) => (p.status = { phase: 'Pending' }))).ready).toBeUndefined();
    expect(noticeOf('pods', 'ADDED', changed((p) => (p.status.conditions = [{ type: 'PodScheduled', status: 'True' }]))).ready).toBeUndefined();
    expect(noticeOf('nodes', 'ADDED', { ...base(), kind: 'Node', status: { conditions: [{ type: 'Ready', status: 'True' }] } }).ready).toBeUndefined();
  });
  it('only MODIFIED notices with the previous object carry a change', () => {
    expect(noticeOf('pods', 'ADDED', base()).changed).toBeUndefined();
    expect(noticeOf('pods', 'DELETED', base(), base()).changed).toBeUndefined();
    expect(noticeOf('pods', 'MODIFIED', base(), null).changed).toBeUndefined();
    expect(noticeOf('pods', 'MODIFIED', changed(kubeletStatus('2026-12-03T10:00:05Z')), base()).changed).toBeDefined();
  });
});

const added = noticeOf('pods', 'ADDED', base());
const unbound = noticeOf('pods', 'ADDED', changed((p) => delete p.spec.nodeName));
const deleted = noticeOf('pods', 'DELETED', base());
const statusByKubelet = modified(changed(kubeletStatus('2026-12-03T10:00:05Z')));
const statusUnknownWriter = modified(changed((p) => (p.status.phase = 'Running')));
const readyFalseByNodeLifecycle = modified(
  changed((p) => {
    p.status.conditions = [{ type: 'Ready', status: 'False', reason: 'NodeNotReady' }];
    setEntry(p, entry('node-controller', '2026-12-03T10:00:07Z', ['f:status'], 'status'));
  }),
);
const disruptionTarget = modified(
  changed((p) => {
    p.status.conditions = [...(p.status.conditions as unknown[]), { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI' }];
    setEntry(p, entry('kube-apiserver', '2026-12-03T10:00:07Z', ['f:status'], 'status'));
  }),
);
const bound = modified(changed((p) => (p.spec.nodeName = 'node-1')), changed((p) => delete p.spec.nodeName));
const moved = modified(changed((p) => (p.spec.nodeName = 'node-2')));
const tolerations = modified(changed((p) => (p.spec.tolerations = [])));
const deleting = modified(changed((p) => Object.assign(p.metadata, { deletionTimestamp: '2026-12-03T10:01:00Z' })));
const labelled = modified(changed((p) => (p.metadata.labels = { app: 'web', extra: 'x' })));
const ephemeral = modified(
  changed((p) => {
    p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }];
    setEntry(p, entry('kubectl-debug', '2026-12-03T10:00:07Z', ['f:spec'], 'ephemeralcontainers'));
  }),
);
const resized = modified(changed((p) => (p.spec.containers = [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '200m' } } }])));
const replayed = noticeOf('pods', 'MODIFIED', changed(kubeletStatus('2026-12-03T10:00:05Z')), null);

/** The notice of the same change to a pod whose Ready condition is True (processPod would mark it False). */
const readyTrue = (n: ChangeNotice): ChangeNotice => ({ ...n, ready: 'True' });

describe('nodeLifecycleHearsPod: podUpdated queues a bound pod that is new or whose spec.nodeName changed', () => {
  it.each([
    ['a bound pod created (podAdded: podUpdated(nil, pod))', readyTrue(added), true],
    ['an unbound pod created', readyTrue(unbound), false],
    ['a pod bound by the scheduler (nodeName "" → node-1)', readyTrue(bound), true],
    ['a pod moved to another node', readyTrue(moved), true],
    ['a pod deleted (no podDeleted handler)', readyTrue(deleted), false],
    ['the kubelet writes status', readyTrue(statusByKubelet), false],
    ['node lifecycle marks it Ready=False', readyFalseByNodeLifecycle, false],
    ['its tolerations change', readyTrue(tolerations), false],
    ['its deletion starts', readyTrue(deleting), false],
    ['its labels change', readyTrue(labelled), false],
    ['a notice replayed without its previous object (unknown change)', readyTrue(replayed), true],
  ] as const)('%s', (_why, n, kept) => {
    expect(nodeLifecycleHearsPod(n)).toBe(kept);
  });

  // processPod changes only a pod with a Ready condition not False yet (MarkPodsNotReady)
  const noConditions = (p: Pod) => (p.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] });
  it.each([
    ['bound with no Ready condition (every pod at its binding, before a kubelet reports)', modified(changed((p) => ((p.spec.nodeName = 'node-1'), noConditions(p))), changed((p) => (delete p.spec.nodeName, noConditions(p)))), false],
    ['created bound with no Ready condition', noticeOf('pods', 'ADDED', changed(noConditions)), false],
    ['bound with Ready=False already (nothing to rewrite)', bound, false],
    ['bound with Ready=Unknown', modified(changed((p) => ((p.spec.nodeName = 'node-1'), (p.status.conditions = [{ type: 'Ready', status: 'Unknown' }]))), changed((p) => delete p.spec.nodeName)), true],
    ['bound with Ready=True', modified(changed((p) => ((p.spec.nodeName = 'node-1'), (p.status.conditions = [{ type: 'Ready', status: 'True' }]))), changed((p) => delete p.spec.nodeName)), true],
  ] as const)('%s', (_why, n, kept) => {
    expect(nodeLifecycleHearsPod(n)).toBe(kept);
  });
});

describe('taintEvictionHearsPod: PodUpdated queues additions, deletions, and updates of tolerations or spec.nodeName', () => {
  it.each([
    ['a bound pod created', added, true],
    ['an unbound pod created (handlePodUpdate returns for no node)', unbound, false],
    ['a pod deleted', deleted, true],
    ['a pod bound', bound, true],
    ['a pod moved', moved, true],
    ['its tolerations change', tolerations, true],
    ['the kubelet writes status', statusByKubelet, false],
    ['a status write by another writer', disruptionTarget, false],
    ['its deletion starts (tolerations and node unchanged)', deleting, false],
    ['its labels change', labelled, false],
    ['a notice replayed without its previous object (unknown change)', replayed, true],
  ] as const)('%s', (_why, n, kept) => {
    expect(taintEvictionHearsPod(n)).toBe(kept);
  });
});

describe('kubeletHearsPod: every change of a bound pod but the echo of its own status write', () => {
  it.each([
    ['its pod bound to it', bound, true],
    ['a bound pod created', added, true],
    ['an unbound pod', unbound, false],
    ['its pod deleted', deleted, true],
    ['its pod being deleted (deletionTimestamp)', deleting, true],
    ['an ephemeral container added', ephemeral, true],
    ['a resize (container resources)', resized, true],
    ['its labels change', labelled, true],
    ['its own status write', statusByKubelet, false],
    ['node lifecycle marks it Ready=False', readyFalseByNodeLifecycle, true],
    ['the eviction API adds DisruptionTarget', disruptionTarget, true],
    ['a status write whose writer managedFields cannot tell', statusUnknownWriter, true],
    ['a notice replayed without its previous object', replayed, true],
  ] as const)('%s', (_why, n, kept) => {
    expect(kubeletHearsPod(n)).toBe(kept);
  });
});
