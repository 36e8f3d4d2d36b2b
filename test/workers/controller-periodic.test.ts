// A controller host's two periodics (shared/controllers/resync-policy.ts): the repair resync on the wall
// clock, and an upstream period in cluster time over the keys the host knows, without a list.
import { env, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { ControllerHost } from '../../durable-objects/controllers/controller-host';
import { CONTROLLERS } from '../../durable-objects/controllers/registry';
import type { StateRows } from '../../durable-objects/controllers/state-rows';
import { clock } from '../../platform/clock';
import { api, freshNamespace } from './helpers';
import { settle } from './controllers';

const host = (name: string) => env.CONTROLLERS.get(env.CONTROLLERS.idFromName(name)) as DurableObjectStub<ControllerHost>;
const used = new Set<string>();
/** A host of this file only (a shard number no deployment uses), so the cluster's own host never shares its rows. */
function testHost(name: string) {
  used.add(name);
  return host(name);
}

/** The host's private parts this file looks at: its rows and its count of store calls. */
const inside = (instance: ControllerHost) => instance as unknown as { rows: StateRows; storeCalls: number };
const periodicKeys = (rows: StateRows) => [...rows.periodicKeys().scan()].map(([key]) => key);

afterEach(async () => {
  for (const name of used) await runInDurableObject(host(name), (_, state) => state.storage.deleteAlarm());
  used.clear();
});

describe('repair resyncs', () => {
  // a repair resync in cluster time lists the cluster `speed` times as often on a fast clock: every
  // controller's resync is on the wall clock (an upstream period in cluster time is `periodMs`)
  for (const [name, def] of Object.entries(CONTROLLERS)) {
    it(`${name} resyncs on the wall clock, at most every 5 minutes`, () => {
      expect(def.resyncOnWallClock, `${name} resyncs every ${def.resyncMs} ms of cluster time`).toBe(true);
      expect(def.resyncMs).toBeGreaterThanOrEqual(5 * 60_000);
    });
  }

  it('keeps the upstream periods at upstream defaults in cluster time', () => {
    expect(CONTROLLERS.resourcequota?.periodMs).toBe(5 * 60_000); // --resource-quota-sync-period
    expect(CONTROLLERS['persistent-volume']?.periodMs).toBe(15_000); // --pvclaimbinder-sync-period
  });
});

describe('a repair resync on the wall clock', () => {
  it('is not brought forward when the clock speeds up: 10 wall minutes stay 10 wall minutes at 60x', async () => {
    await runInDurableObject(testHost('disruption#933'), async (instance, state) => {
      const { rows } = inside(instance);
      await instance.alarm(); // the first alarm resyncs (the informer's first list)
      const due = rows.meta.resyncWallAt!;
      expect(due).toBeGreaterThan(clock.wallNow() + 9 * 60_000);
      const fast = { speed: 60, paused: false, wallAnchor: clock.wallNow(), clusterAnchor: clock.now() };
      try {
        await instance.clockChanged(fast);
        // in cluster time 10 wall minutes would now come in 10 wall seconds: the alarm stays at the wall due time
        expect(await state.storage.getAlarm()).toBe(due);
        const before = inside(instance).storeCalls;
        await instance.alarm();
        expect(inside(instance).storeCalls).toBe(before);
        expect(rows.meta.resyncWallAt).toBe(due);
      } finally {
        await instance.clockChanged({ speed: 1, paused: false, wallAnchor: clock.wallNow(), clusterAnchor: clock.now() });
      }
    });
  });
});

describe('an upstream period', () => {
  it('recalculates quotas every 5 cluster minutes in the namespaces that have them only, without listing the cluster', async () => {
    const ns = await freshNamespace('rq');
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '10' } } };
    expect((await api('POST', `/api/v1/namespaces/${ns}/resourcequotas`, quota)).status).toBe(201);
    const notice: ChangeNotice = { resource: 'resourcequotas', type: 'ADDED', namespace: ns, name: 'q', uid: 'uid-q', resourceVersion: '1' };
    await runInDurableObject(testHost('resourcequota#931'), async (instance) => {
      const { rows } = inside(instance);
      const calls = () => inside(instance).storeCalls;
      await instance.notify([notice]);
      // the first alarm runs the repair resync too (an informer's first list): the next one is far away. The
      // cluster's own quota host writes the same status meanwhile: a 409 is retried after its backoff
      await instance.alarm();
      for (let i = 0; i < 100 && !periodicKeys(rows).includes(ns); i++) {
        await new Promise((r) => setTimeout(r, 20));
        await instance.alarm();
      }
      expect(rows.meta.resyncWallAt).toBeGreaterThan(clock.wallNow() + 9 * 60_000);
      expect(periodicKeys(rows)).toContain(ns);
      expect(rows.meta.nextPeriod).toBeGreaterThan(clock.now() + 4 * 60_000);

      // not due: an alarm costs no store call
      let before = calls();
      await instance.alarm();
      expect(calls() - before).toBe(0);

      // due: the namespace's quotas and pods are read (two calls, a third if the status moved), not every namespace's
      rows.meta.nextPeriod = clock.now() - 1;
      before = calls();
      await instance.alarm();
      const known = periodicKeys(rows).length;
      expect(calls() - before).toBeGreaterThanOrEqual(2 * known);
      expect(calls() - before).toBeLessThanOrEqual(3 * known);
      expect(rows.meta.nextPeriod).toBeGreaterThan(clock.now() + 4 * 60_000);
    });

    // the quota goes: the namespace leaves the period at its next pass, and an empty period is not armed
    expect((await api('DELETE', `/api/v1/namespaces/${ns}/resourcequotas/q`)).status).toBe(200);
    await runInDurableObject(host('resourcequota#931'), async (instance) => {
      const { rows } = inside(instance);
      rows.meta.nextPeriod = clock.now() - 1;
      await instance.alarm();
      expect(periodicKeys(rows)).not.toContain(ns);
      if (periodicKeys(rows).length === 0) {
        rows.meta.nextPeriod = clock.now() - 1;
        await instance.alarm();
        expect(rows.meta.nextPeriod).toBeUndefined();
      }
    });
  });

  it('binds a Pending claim to a volume created after it at the PV binder period, with no resync', { timeout: 120_000 }, async () => {
    const ns = await freshNamespace('pv');
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', resources: { requests: { storage: '1Gi' } } } };
    expect((await api('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, claim)).status).toBe(201);
    const phase = async () => (await api('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/data`)).body.status?.phase;
    // the claim's own notice finds no volume: it stays Pending, and in the period
    const pvHost = host('persistent-volume');
    await settle(async () => {
      const known = await runInDurableObject(pvHost, (instance) => periodicKeys(inside(instance).rows));
      return known.includes(`claim/${ns}/data`);
    }, 60_000);
    expect(await phase()).toBe('Pending');
    const volume = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-${ns}` }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', hostPath: { path: '/tmp' } } };
    expect((await api('POST', '/api/v1/persistentvolumes', volume)).status).toBe(201);
    // the period comes due (as 15 cluster seconds later): the claim binds without any resync
    await settle(async () => {
      if ((await phase()) === 'Bound') return true;
      await runInDurableObject(pvHost, (instance) => {
        const { rows } = inside(instance);
        rows.meta.resyncWallAt = clock.wallNow() + 3_600_000;
        rows.meta.nextPeriod = clock.now() - 1;
      });
      return false;
    }, 60_000);
    expect(await phase()).toBe('Bound');
  });
});
