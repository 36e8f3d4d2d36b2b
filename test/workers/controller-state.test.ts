import { env, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { addNew, createQueue, pop, queueLengths } from '../../shared/scheduler';
import type { ControllerHost } from '../../durable-objects/controllers/controller-host';
import { CONTROLLERS } from '../../durable-objects/controllers/registry';
import { loadSchedulerState, saveSchedulerState } from '../../durable-objects/controllers/scheduler-controller';
import { StateRows } from '../../durable-objects/controllers/state-rows';
import { pod } from '../unit/scheduler/fixtures';

/**
 * Hosts of this file only (a shard number no deployment uses), so the cluster's own controllers
 * never see the rows written here.
 */
/** A fresh stub each time: a stub does not outlive its object's restart. */
const host = (name: string) => env.CONTROLLERS.get(env.CONTROLLERS.idFromName(name)) as DurableObjectStub<ControllerHost>;
const used = new Set<string>();
/**
 * Restarts one host, as a deploy or an eviction would. Only this object: aborting every Durable Object
 * (abortAllDurableObjects) also breaks the other test files running in the same workerd, which then hang.
 */
async function restart(name: string): Promise<void> {
  await runInDurableObject(host(name), (_, state) => state.abort('restart')).catch(() => undefined);
}

function testHost(name: string) {
  used.add(name);
  return host(name);
}

function rsNotice(ns: string, name: string): ChangeNotice {
  return { resource: 'replicasets.apps', type: 'ADDED', namespace: ns, name, uid: `uid-${name}`, resourceVersion: '1' };
}

/** The work queue's rows, straight from SQLite. */
function queueTable(storage: DurableObjectStorage) {
  return storage.sql.exec<{ key: string; due: number | null; failures: number }>('SELECT key, due, failures FROM work_queue ORDER BY key').toArray();
}

function rowCount(storage: DurableObjectStorage, table: string): number {
  return storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM state_rows WHERE tbl = ?', table).one().n;
}

afterEach(async () => {
  // alarms outlive a test's isolated storage: leave none behind
  for (const name of used) await runInDurableObject(host(name), (_, state) => state.storage.deleteAlarm());
  used.clear();
});

describe('controller host state in rows', () => {
  it('queues notified keys one row each, with the alarm armed', async () => {
    await runInDurableObject(testHost('replicaset#901'), async (instance, state) => {
      // one callback, awaiting only storage: the alarm armed here cannot run before the checks
      await instance.notify([rsNotice('a', 'web'), rsNotice('b', 'api'), rsNotice('a', 'web')]);
      expect(queueTable(state.storage).map((r) => r.key)).toEqual(['a/web', 'b/api']);
      expect(await state.storage.getAlarm()).not.toBeNull();
      expect(await state.storage.get('data')).toBeUndefined(); // no single value any more
    });
  });

  it('answers a notice that changes nothing without touching storage', async () => {
    await runInDurableObject(testHost('replicaset#907'), async (instance, state) => {
      // awaiting only storage from here (no clock sync RPC): the alarm armed below cannot run and pop the key
      const fresh = () => ((instance as unknown as { clockSyncedAt: number }).clockSyncedAt = Date.now());
      fresh();
      await instance.notify([rsNotice('a', 'web')]);
      const armed = await state.storage.getAlarm();
      expect(armed).not.toBeNull();
      const calls = { getAlarm: 0, setAlarm: 0, transactions: 0 };
      const storage = state.storage;
      const { getAlarm, setAlarm, transactionSync } = storage;
      storage.getAlarm = (...a) => (calls.getAlarm++, getAlarm.apply(storage, a));
      storage.setAlarm = (...a) => (calls.setAlarm++, setAlarm.apply(storage, a));
      storage.transactionSync = <T>(fn: () => T): T => (calls.transactions++, transactionSync.call(storage, fn) as T);
      try {
        // the key is already queued, due now: a second notice (a pod's status write) is free
        fresh();
        await instance.notify([rsNotice('a', 'web'), rsNotice('a', 'web')]);
        expect(calls).toEqual({ getAlarm: 0, setAlarm: 0, transactions: 0 });
        // a new key is one row in one transaction, and the alarm is not read back (it moves only if the
        // key is due before it: within the millisecond of the first, as the alarm is set 1 ms ahead)
        fresh();
        await instance.notify([rsNotice('b', 'api')]);
        expect({ ...calls, setAlarm: 0 }).toEqual({ getAlarm: 0, setAlarm: 0, transactions: 1 });
        expect(calls.setAlarm).toBeLessThanOrEqual(1);
      } finally {
        Object.assign(storage, { getAlarm, setAlarm, transactionSync });
      }
      expect(queueTable(storage).map((r) => r.key)).toEqual(['a/web', 'b/api']);
      expect(await storage.getAlarm()).not.toBeNull();
    });
  });

  it('re-arms the alarm of pending work after a restart', async () => {
    const due = Date.now() + 3_600_000;
    await runInDurableObject(testHost('replicaset#902'), async (_, state) => {
      const rows = new StateRows(state.storage);
      rows.queue.addAfter('a/later', due - Date.now(), Date.now());
      rows.meta.nextResync = due + 3_600_000;
      rows.flush();
      // the last run stopped between its write and its alarm
      await state.storage.deleteAlarm();
    });
    await restart('replicaset#902');
    await runInDurableObject(host('replicaset#902'), async (_, state) => {
      expect(queueTable(state.storage)).toEqual([{ key: 'a/later', due, failures: 0 }]);
      expect(await state.storage.getAlarm()).toBe(due);
    });
  });

  it('keeps a key whose reconcile threw queued with its failure counted, and the alarm armed', async () => {
    const def = CONTROLLERS.replicaset!;
    const { reconcile, allKeys } = def;
    def.reconcile = async function (key, ctx) {
      if (key === 'a/broken') throw new Error('injected failure');
      return reconcile.call(this, key, ctx);
    };
    def.allKeys = async () => [];
    try {
      await runInDurableObject(testHost('replicaset#903'), async (instance, state) => {
        await instance.notify([rsNotice('a', 'broken')]);
        await instance.alarm();
        const [row] = queueTable(state.storage);
        expect(row).toMatchObject({ key: 'a/broken', failures: 1 });
        expect(row!.due).not.toBeNull();
        const alarm = await state.storage.getAlarm();
        expect(alarm).not.toBeNull();
        // armed for the key's retry: at its due time, or just after now when that passed while the alarm ran (a loaded machine)
        expect(alarm!).toBeLessThanOrEqual(Math.max(row!.due!, Date.now() + 50));
      });
    } finally {
      def.reconcile = reconcile;
      def.allKeys = allKeys;
    }
  });

  it('imports the old single value once into rows and deletes it', async () => {
    const stub = testHost('kubelet#904');
    const hostLocal = { subnet: '10.244.3.0/24', allocations: { '10.244.3.2': 'uid-p/eth0' } };
    const old = {
      queue: { due: { 'pod/default/p': 5 }, seq: { 'pod/default/p': 7 }, nextSeq: 8, failures: { 'pod/default/p': 2 }, bucket: null },
      nextResync: 123,
      state: { pods: { 'default/p': { uid: 'uid-p', node: 'n1', ip: '10.244.3.2' } }, hostLocal: { n1: hostLocal } },
    };
    await runInDurableObject(stub, (_, state) => state.storage.put('data', old));
    await restart('kubelet#904');
    await runInDurableObject(host('kubelet#904'), async (_, state) => {
      expect(await state.storage.get('data')).toBeUndefined();
      expect(queueTable(state.storage)).toEqual([{ key: 'pod/default/p', due: 5, failures: 2 }]);
      expect(await state.storage.getAlarm()).not.toBeNull(); // imported work is armed
      const rows = new StateRows(state.storage);
      expect(rows.meta.nextResync).toBe(123);
      expect(rows.queue.state.nextSeq).toBe(8);
      expect(rows.table('pods').get('default/p')).toEqual(old.state.pods['default/p']);
      expect(rows.table('hostLocal').get('n1')).toEqual(hostLocal);
    });
  });

  it('writes only the rows that changed', async () => {
    await runInDurableObject(testHost('kubelet#905'), (_, state) => {
      const rows = new StateRows(state.storage);
      const pods = rows.table<{ n: number }>('pods');
      for (let i = 0; i < 1000; i++) pods.put(`ns/p${i}`, { n: i });
      expect(rows.flush()).toBe(1001); // and the host's own row
      const p7 = pods.get('ns/p7')!;
      p7.n = 70;
      pods.put('ns/p7', p7);
      pods.delete('ns/p8');
      rows.queue.add('pod/ns/p7', 0);
      expect(rows.flush()).toBe(3); // not the host's row: a new key moved only its FIFO counter
      expect(rows.flush()).toBe(0); // nothing changed
      const again = new StateRows(state.storage);
      expect(again.table<{ n: number }>('pods').get('ns/p7')).toEqual({ n: 70 });
      expect(again.table('pods').size).toBe(999);
      expect(again.queue.popDue(0)).toEqual(['pod/ns/p7']);
      expect(() => again.table('#host')).toThrow(/host/);
    });
  });

  it('keeps a key stored as it was while it is only requeued for later, and writes what a restart needs', async () => {
    await runInDurableObject(testHost('kubelet#909'), (_, state) => {
      const rows = new StateRows(state.storage);
      rows.queue.addAfter('node/n1', 10_000, 0);
      rows.queue.addAfter('node/n2', 10_000, 0);
      expect(rows.flush()).toBe(3); // two keys and the host's row (its first)
      const due = () => Object.fromEntries(queueTable(state.storage).map((r) => [r.key, r.due]));
      // a heartbeat: popped, reconciled, requeued 10 s on, as every alarm does: nothing to write, no transaction
      const { transactionSync } = state.storage;
      let transactions = 0;
      state.storage.transactionSync = <T>(fn: () => T): T => (transactions++, transactionSync.call(state.storage, fn) as T);
      for (const at of [10_000, 20_000, 30_000]) {
        for (const key of rows.queue.popDue(at)) rows.queue.addAfter(key, 10_000, at);
        expect(rows.flush()).toBe(0);
      }
      expect(transactions).toBe(0);
      expect(due()).toEqual({ 'node/n1': 10_000, 'node/n2': 10_000 });
      // a restart finds both due at the stored time: sooner than the live queue, never later
      expect(new StateRows(state.storage).queue.popDue(10_000).sort()).toEqual(['node/n1', 'node/n2']);
      // sooner than stored, a failure, a key done: each written
      rows.queue.add('node/n1', 35_000);
      expect(rows.queue.popDue(40_000)).toEqual(['node/n1', 'node/n2']);
      rows.queue.addRateLimited('node/n1', 40_000);
      expect(rows.flush()).toBe(3); // n1 with its failure, n2's row gone, the host's row (its token bucket)
      expect(queueTable(state.storage)).toEqual([{ key: 'node/n1', due: rows.queue.state.due['node/n1'], failures: 1 }]);
      state.storage.transactionSync = transactionSync;
    });
  });

  it('writes a flush of many rows in a few statements, every value exactly as it was', async () => {
    await runInDurableObject(testHost('kubelet#908'), (_, state) => {
      const rows = new StateRows(state.storage);
      const pods = rows.table<{ s: string; n: number }>('pods');
      const odd = 'quote " backslash \\ newline \n ünïcödé \u2028 😀';
      const big = 'x'.repeat(300 * 1024); // over one statement's share alone
      for (let i = 0; i < 600; i++) pods.put(`ns/p${i}`, { s: i === 3 ? big : `${odd} ${i}`, n: i + 0.5 });
      for (let i = 0; i < 600; i++) rows.queue.addAfter(`pod/ns/p${i}`, i, 1_000.25);
      rows.queue.addRateLimited('failed', 0);
      const sql = state.storage.sql;
      const exec = sql.exec;
      let statements = 0;
      sql.exec = ((...a: Parameters<SqlStorage['exec']>) => (statements++, exec.apply(sql, a))) as SqlStorage['exec'];
      try {
        expect(rows.flush()).toBe(600 + 1 + 600 + 1); // queue keys, the failed key, pods, the host's own row
        // a statement or a few (by size) per table, not one per row
        expect(statements).toBeLessThan(12);
        // rows that go: two queue keys reconciled, 300 pods deleted
        expect(rows.queue.popDue(1_001.25, 3)).toEqual(['failed', 'pod/ns/p0', 'pod/ns/p1']);
        rows.queue.forget('failed');
        for (let i = 0; i < 300; i++) pods.delete(`ns/p${i}`);
        statements = 0;
        expect(rows.flush()).toBe(3 + 300); // the host's row is unchanged
        expect(statements).toBe(2); // one DELETE per table
      } finally {
        sql.exec = exec;
      }
      const again = new StateRows(state.storage);
      const table = again.table<{ s: string; n: number }>('pods');
      expect(table.size).toBe(300);
      expect(table.get('ns/p299')).toBeUndefined();
      expect(table.get('ns/p300')).toEqual({ s: `${odd} 300`, n: 300.5 });
      expect(table.get('ns/p599')).toEqual({ s: `${odd} 599`, n: 599.5 });
      expect(again.queue.state.due).toEqual(rows.queue.state.due);
      expect(again.queue.state.seq).toEqual(rows.queue.state.seq);
      expect(again.queue.state.failures).toEqual({});
      expect(again.queue.length).toBe(598);
      expect(again.queue.row('pod/ns/p1')).toBeUndefined();
      expect(again.queue.row('pod/ns/p7')).toEqual({ key: 'pod/ns/p7', due: 1_007.25, seq: rows.queue.state.seq['pod/ns/p7'], failures: 0 });
    });
    await runInDurableObject(host('kubelet#908'), (_, state) => {
      // the 300 KiB value went in whole, in a statement of its own
      const rows = new StateRows(state.storage);
      rows.table<{ s: string }>('pods').put('ns/p3', { s: 'y'.repeat(300 * 1024) });
      rows.table<{ s: string }>('pods').put('ns/p4', { s: 'z' });
      rows.flush();
      const again = new StateRows(state.storage).table<{ s: string }>('pods');
      expect(again.get('ns/p3')!.s).toHaveLength(300 * 1024);
      expect(again.get('ns/p4')).toEqual({ s: 'z' });
    });
  });

  it('holds 50,000 pending pods across a restart, one row each, and prunes them in one alarm', async () => {
    const N = 50_000;
    const stub = testHost('scheduler#906');
    const times: Record<string, number> = {};
    let t = Date.now();
    await runInDurableObject(stub, (_, state) => {
      const rows = new StateRows(state.storage);
      const queue = createQueue();
      const pods = Array.from({ length: N }, (_, i) => pod(`p-${String(i).padStart(5, '0')}`, { cpu: '100m', memory: '500Mi' }, { ns: 'bulk', priority: i % 3 }));
      addNew(queue, pods, 0); // as a cycle adds the pending pods it finds
      saveSchedulerState({ rows: (name) => rows.table(name) }, { queue, startIndex: 3, lastFailure: { 'bulk/p-00007': '0/5 nodes are available' } });
      rows.flush();
    });
    times.write = Date.now() - t;
    await restart('scheduler#906');
    t = Date.now();
    const restarted = host('scheduler#906');
    await runInDurableObject(restarted, (_, state) => {
      const rows = new StateRows(state.storage);
      const s = loadSchedulerState({ rows: (name) => rows.table(name) });
      expect(queueLengths(s.queue!)).toEqual({ active: N, backoff: 0, unschedulable: 0, gated: 0, inFlight: 0 });
      expect(s.startIndex).toBe(3);
      expect(s.lastFailure).toEqual({ 'bulk/p-00007': '0/5 nodes are available' });
      expect(pop(s.queue!, N)!.key).toBe('bulk/p-00002'); // priority 2 first, earliest first
      expect(rowCount(state.storage, 'pending-pods')).toBe(N);
    });
    times.read = Date.now() - t;

    // the real host after the restart: none of these pods exists, so its first cycle (its own alarm) drops them all
    t = Date.now();
    await restarted.notify([{ resource: 'pods', type: 'DELETED', namespace: 'bulk', name: 'p-00000', uid: 'uid-p-00000', resourceVersion: '1' }]);
    const left = () => runInDurableObject(host('scheduler#906'), (_, state) => rowCount(state.storage, 'pending-pods'));
    while ((await left()) > 0 && Date.now() - t < 60_000) await new Promise((r) => setTimeout(r, 50));
    times.pruneAlarm = Date.now() - t;
    expect(await left()).toBe(0);
    console.log(`scheduler queue of ${N} pods: write ${times.write} ms, read after restart ${times.read} ms, alarm pruning all ${times.pruneAlarm} ms`);
  }, 120_000);
});
