import { env, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { noticeOf } from '../../shared/apiserver/change-notice';
import type { ControllerHost } from '../../durable-objects/controllers/controller-host';
import { kubeletController } from '../../durable-objects/controllers/kubelet-controller';
import { countingContext } from './counting-context';
import { api, boundPod, freshNamespace } from './helpers';

/** A kubelet host of this file only (a shard number no deployment uses). */
const HOST = 'kubelet#911';
const host = () => env.CONTROLLERS.get(env.CONTROLLERS.idFromName(HOST)) as DurableObjectStub<ControllerHost>;

const POOL = { 'kubeflare.dev/node-pool': 'small' };

const nodeAdded = (name: string, labels?: Record<string, string>): ChangeNotice => ({
  resource: 'nodes',
  type: 'ADDED',
  name,
  uid: `uid-${name}`,
  resourceVersion: '1',
  ...(labels ? { labels } : {}),
});

/** A pod's binding (its nodeName set) as the scheduler's write notifies it. */
const bound = (name: string, node: string, type: ChangeNotice['type'] = 'MODIFIED'): ChangeNotice => ({
  resource: 'pods',
  type,
  namespace: 'bare-test',
  name,
  uid: `uid-${name}`,
  resourceVersion: '2',
  nodeName: node,
  changed: { parts: ['spec', 'spec.nodeName'], writers: ['scheduler'] },
});

function queueKeys(storage: DurableObjectStorage): string[] {
  return storage.sql.exec<{ key: string }>('SELECT key FROM work_queue ORDER BY key').toArray().map((r) => r.key);
}

afterEach(async () => {
  // alarms outlive a test's isolated storage: leave none behind
  await runInDurableObject(host(), (_, state) => state.storage.deleteAlarm());
});

describe('kubelet: pods bound to nodes outside any NodePool', () => {
  it('a pod on a node it heard was added bare queues nothing and touches no storage, after a restart too; other pods are queued', async () => {
    await runInDurableObject(host(), async (instance, state) => {
      // awaiting only storage (no clock sync RPC): the alarm armed below cannot run and pop the keys
      (instance as unknown as { clockSyncedAt: number }).clockSyncedAt = Date.now();
      await instance.notify([nodeAdded('bare-1')]);
      expect(queueKeys(state.storage)).toEqual([]);
    });
    // the host leaves memory (idle, a deploy): the nodes' notices do not come again, their kinds are rows
    await runInDurableObject(host(), (_, state) => state.abort('restart')).catch(() => undefined);
    await runInDurableObject(host(), async (instance, state) => {
      const fresh = () => ((instance as unknown as { clockSyncedAt: number }).clockSyncedAt = Date.now());
      // the first notice after a start reads the alarm back: not counted
      fresh();
      await instance.notify([bound('p0', 'bare-1')]);

      const storage = state.storage;
      const calls = { setAlarm: 0, transactions: 0 };
      const { setAlarm, transactionSync } = storage;
      storage.setAlarm = (...a) => (calls.setAlarm++, setAlarm.apply(storage, a));
      storage.transactionSync = <T>(fn: () => T): T => (calls.transactions++, transactionSync.call(storage, fn) as T);
      try {
        fresh();
        await instance.notify([bound('p1', 'bare-1'), bound('p2', 'bare-1', 'ADDED')]);
        expect(calls).toEqual({ setAlarm: 0, transactions: 0 });
      } finally {
        Object.assign(storage, { setAlarm, transactionSync });
      }
      expect(queueKeys(storage)).toEqual([]);

      // a pool node's pod, a pod on a node never heard of (its notice may still be on its way), and a
      // bare node's pod deleted (a row from an earlier time is let go by its reconcile): queued
      fresh();
      await instance.notify([nodeAdded('pool-1', POOL), bound('p3', 'pool-1'), bound('p4', 'unheard-1'), bound('p1', 'bare-1', 'DELETED')]);
      expect(queueKeys(storage)).toEqual(['node/pool-1', 'pod/bare-test/p1', 'pod/bare-test/p3', 'pod/bare-test/p4']);

      // the bare node deleted and back in a pool: its pods are the kubelet's again
      fresh();
      await instance.notify([{ ...nodeAdded('bare-1'), type: 'DELETED' }, nodeAdded('bare-1', POOL), bound('p5', 'bare-1')]);
      expect(queueKeys(storage)).toContain('pod/bare-test/p5');
    });
  });

  it('a pod read on a bare node it had not heard of teaches the shard: the node’s next pods are dropped unread', async () => {
    const node = `bare-read-${Date.now().toString(36)}`;
    const created = await api('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: node, labels: { 'kubernetes.io/os': 'linux' } },
      status: { capacity: { cpu: '4', memory: '8Gi', pods: '10' }, allocatable: { cpu: '4', memory: '8Gi', pods: '10' } },
    });
    expect(created.status).toBe(201);
    const ns = await freshNamespace();
    const pods = [];
    for (const name of ['p0', 'p1']) {
      const r = await api('POST', `/api/v1/namespaces/${ns}/pods`, boundPod(name, node));
      expect(r.status).toBe(201);
      pods.push(r.body);
    }
    const memo: Record<string, unknown> = {};
    const [first, second] = pods.map((p) => noticeOf('pods', 'ADDED', p));
    // nothing heard of the node yet: kept
    const calls: string[] = [];
    const ctx = countingContext(calls, 'kubelet', undefined, memo);
    expect(kubeletController.keysFor(first!, ctx)).toEqual([`pod/${ns}/p0`]);
    const r = await kubeletController.reconcileBatch!([`pod/${ns}/p0`], ctx);
    expect(r[`pod/${ns}/p0`]).toEqual({});
    expect(calls).toEqual([`ns:${ns}.getMany`, 'cluster.getMany']); // the pod, then its node: and nothing written
    expect([...ctx.rows('pods').scan()]).toEqual([]);
    // the node's next pod: no key, so no read, no row, no alarm
    expect(kubeletController.keysFor(second!, ctx)).toEqual([]);
    // without the host's view (where a store routes notices) nothing is dropped
    expect(kubeletController.keysFor(second!)).toEqual([`pod/${ns}/p1`]);
    await api('DELETE', `/api/v1/nodes/${node}`);
  });
});
