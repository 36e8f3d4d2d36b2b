import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../../../shared/api/object';
import { noticeOf } from '../../../shared/apiserver/change-notice';
import { MemoryCluster, RpcClient } from '../../../shared/client';
import { gcHearsNotice } from '../../../shared/controllers/gc-owner-graph';
import { kubeletHearsPod, nodeLifecycleHearsPod, taintEvictionHearsPod } from '../../../shared/controllers/pod-update-filters';

// What a pod notice says changed, from writes through the store's real admission (managedFields as the
// store stamps them), and which node-side controllers hear each write.
const PODS = { group: '', version: 'v1', plural: 'pods' };

function setup() {
  let now = Date.parse('2026-12-03T10:00:00Z');
  const cluster = new MemoryCluster({ now: () => now, rand: () => 0.5 });
  const client = new RpcClient({ storeOf: (n) => cluster.storeOf(n), namespaces: cluster.namespaces });
  const pods = client.resource<Pod>(PODS).namespace('default');
  /** Runs one write a few seconds after the last and answers the notice the store would send for it, and who hears it. */
  const write = async (w: () => Promise<unknown>) => {
    now += 3000;
    const prev = (await pods.get('web-1')) as unknown as StoredObject;
    await w();
    const next = (await pods.get('web-1')) as unknown as StoredObject;
    const n = noticeOf('pods', 'MODIFIED', next, prev);
    return { changed: n.changed, gc: gcHearsNotice(n), kubelet: kubeletHearsPod(n), nodeLifecycle: nodeLifecycleHearsPod(n), taintEviction: taintEvictionHearsPod(n) };
  };
  return { pods, write };
}

const readyStatus = (status: string, reason?: string) => ({ phase: 'Running' as const, conditions: [{ type: 'Ready', status, ...(reason ? { reason } : {}) }] });

describe('pod notices through the store: what changed, and who hears it', () => {
  it('a binding, the kubelet\'s status writes, node lifecycle\'s Ready=False and a deletion', async () => {
    const { pods, write } = setup();
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, { fieldManager: 'kube-controller-manager' });

    const bound = await write(() => pods.bind('web-1', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-1' }, target: { kind: 'Node', name: 'node-1' } }));
    expect(bound.changed!.parts).toContain('spec.nodeName');
    // no Ready condition yet (no kubelet reported): node lifecycle's processPod would change nothing
    expect(bound).toMatchObject({ kubelet: true, nodeLifecycle: false, taintEviction: true });

    const kubeletStatus = async (status: ReturnType<typeof readyStatus>) => write(async () => pods.updateStatus({ ...(await pods.get('web-1')), status }, { fieldManager: 'kubelet' }));
    const first = await kubeletStatus(readyStatus('False'));
    expect(first.changed).toEqual({ parts: ['status'], writers: ['kubelet/status'] });
    expect(first).toMatchObject({ kubelet: false, nodeLifecycle: false, taintEviction: false });
    const second = await kubeletStatus(readyStatus('True'));
    expect(second).toMatchObject({ changed: { parts: ['status'], writers: ['kubelet/status'] }, kubelet: false });

    const notReady = await write(async () => pods.updateStatus({ ...(await pods.get('web-1')), status: readyStatus('False', 'NodeNotReady') }, { fieldManager: 'node-controller' }));
    expect(notReady.changed!.parts).toEqual(['status']);
    expect(notReady.changed!.writers).toContain('node-controller/status');
    expect(notReady).toMatchObject({ kubelet: true, nodeLifecycle: false, taintEviction: false });

    const deleting = await write(() => pods.delete('web-1', { gracePeriodSeconds: 30 }));
    expect(deleting.changed!.parts).toContain('metadata.deletionTimestamp');
    expect(deleting).toMatchObject({ kubelet: true, nodeLifecycle: false, taintEviction: false });
  });

  it('the garbage collector hears an owned pod\'s adoption and deletion, not its binding or status writes', async () => {
    const { pods, write } = setup();
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, { fieldManager: 'kubectl' });
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true };
    const adopted = await write(async () => pods.update({ ...(await pods.get('web-1')), metadata: { ...(await pods.get('web-1')).metadata, ownerReferences: [owner] } }, { fieldManager: 'kube-controller-manager' }));
    expect(adopted).toMatchObject({ changed: { parts: ['metadata'] }, gc: true });
    const bound = await write(() => pods.bind('web-1', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-1' }, target: { kind: 'Node', name: 'node-1' } }));
    expect(bound.gc).toBe(false);
    const status = await write(async () => pods.updateStatus({ ...(await pods.get('web-1')), status: readyStatus('True') }, { fieldManager: 'kubelet' }));
    expect(status.gc).toBe(false);
    const deleting = await write(() => pods.delete('web-1', { gracePeriodSeconds: 30 }));
    expect(deleting.gc).toBe(true);
  });
});
