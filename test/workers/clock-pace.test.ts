// Keeping pace (shared/clock/pace.ts) through the cluster store: it samples every controller host's
// lateness while the clock runs fast and slows the clock in proportion when one falls behind (or does
// not answer), a loop's own report slows it too when it is as late as a Lease's duration, the API shows
// why, and a client speed change is taken as asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, runInDurableObject } from 'cloudflare:test';
import { api, objectStoreStub } from './helpers';
import { controllerHostNames } from '../../durable-objects/controllers/host-names';
import type { ControllerHost } from '../../durable-objects/controllers/controller-host';
import { controllerStub } from '../../platform/stores';
import { PACE } from '../../shared/clock/pace';
import { clock } from '../../platform/clock';

const CLOCK = '/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster';
const merge = (body: unknown) => api('PATCH', CLOCK, body, 'application/merge-patch+json');
const host = (name: string) => env.CONTROLLERS.get(env.CONTROLLERS.idFromName(name)) as DurableObjectStub<ControllerHost>;
const speed = async (): Promise<number> => (await api('GET', CLOCK)).body.status.speed;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The clock's status once `ok` holds for it (polled; the keeper acts on its own samples, not on ours). */
async function statusWhen(ok: (status: { speed: number; message?: string }) => boolean, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = (await api('GET', CLOCK)).body.status;
    if (ok(status) || Date.now() > until) return status;
    await sleep(100);
  }
}

/** Cluster time now, from the clock's status (as shared/clock/cluster-clock.ts computes it). */
async function clusterNow(): Promise<number> {
  const s = (await api('GET', CLOCK)).body.status;
  return s.clusterAnchor + (Date.now() - s.wallAnchor) * s.speed;
}

/**
 * A loop that has fallen behind: a queue key of `name` due `agoMs` of cluster time ago, put back (at
 * the same due time) whenever the host's alarm runs it, until the returned function is called.
 */
async function overload(name: string, key: string, agoMs: number): Promise<() => Promise<void>> {
  const due = (await clusterNow()) - agoMs;
  const put = () =>
    runInDurableObject(host(name), async (instance: ControllerHost) => {
      (instance as unknown as { rows: { queue: { add(k: string, at: number): void } } }).rows.queue.add(key, due);
    });
  await put();
  let stopped = false;
  const again = (async () => {
    while (!stopped) {
      await sleep(100);
      if (!stopped) await put();
    }
  })();
  return async () => {
    stopped = true;
    await again;
    await runInDurableObject(host(name), async (instance: ControllerHost) => {
      (instance as unknown as { rows: { queue: { popDue(now: number): string[] } } }).rows.queue.popDue(Number.MAX_SAFE_INTEGER);
    });
  };
}

beforeAll(async () => {
  // every host up and answering before the clock runs fast: a cold start over a second would count as not answering
  for (const name of controllerHostNames()) await controllerStub(env, name).lateness();
});

afterAll(async () => {
  await merge({ spec: { speed: 1, paused: true } });
  for (const name of controllerHostNames()) await runInDurableObject(host(name), (_, state) => state.storage.deleteAlarm());
});

describe('the cluster clock keeps pace with the loops', () => {
  it('a loop reporting itself as late as a Lease lasts halves a running clock, the status says which, and a client speed change is taken as asked', async () => {
    expect((await api('POST', '/apis/kubeflare.dev/v1alpha1/clusterclocks', { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { speed: 4 } })).status).toBe(201);
    const cluster = objectStoreStub('cluster');

    // under the Lease duration one report is not enough (the sampler must see it sustained): nothing changes
    await cluster.clockLag('kubelet#2', 4000);
    await cluster.clockLag('kubelet#2', PACE.hardLateMs - 1);
    expect(await speed()).toBe(4);

    // 20 s allowed at 4x over 40 s late keeps half
    await cluster.clockLag('kubelet#2', 40_000);
    const slowed = (await api('GET', CLOCK)).body;
    expect(slowed.spec).toMatchObject({ speed: 4, keepUp: true });
    expect(slowed.status).toMatchObject({ speed: 2, message: 'slowed to 2× of the 4× asked: kubelet#2 ran 40.0 s of cluster time late' });

    // a second report right away is the same backlog: no second halving
    await cluster.clockLag('hpa', 40_000);
    expect(await speed()).toBe(2);

    // the wide table says why
    const table = (await api('GET', CLOCK, undefined, 'application/json', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).body;
    expect(table.rows[0].cells[1]).toBe(2);
    expect(table.rows[0].cells[5]).toContain('kubelet#2 ran 40.0 s');

    // a label leaves the pace alone; a new speed is taken as asked
    expect((await merge({ metadata: { labels: { team: 'sim' } } })).body.status.speed).toBe(2);
    const asked = (await merge({ spec: { speed: 3 } })).body;
    expect(asked.status.speed).toBe(3);
    expect(asked.status.message).toBeUndefined();

    // keepUp: false holds the speed whatever the loops report
    await merge({ spec: { keepUp: false } });
    await sleep(1100);
    await cluster.clockLag('kubelet#2', 60_000);
    expect(await speed()).toBe(3);
  });

  it('samples the loops itself: one 40 s behind and not catching up takes 4× down below real time, and the clock comes back once it catches up', async () => {
    await merge({ spec: { speed: 4, keepUp: true } });
    // the hosts answer on time: the clock holds 4x (slow enough that a long alarm elsewhere, 2.5 wall s, is not late)
    await sleep(1500);
    expect(await speed()).toBe(4);

    // no report from the loop: the cluster store's own sample finds it (its alarm, which would report, never fires)
    const relieve = await overload('horizontal-pod-autoscaler', 'bench/overloaded', 40_000);
    // 20 s allowed at 4x over 40 s late (the Lease duration passed: one sample is enough) keeps half
    const slowed = await statusWhen((s) => s.speed < 4);
    expect(slowed.speed).toBeLessThanOrEqual(2);
    expect(slowed.message).toMatch(/^slowed to [\d.]+× of the 4× asked: horizontal-pod-autoscaler ran 4\d\.\d s of cluster time late/);
    // still behind and not catching up (the slow-down did not excuse it): below real time, to the floor, so a backlog can drain
    expect((await statusWhen((s) => s.speed === PACE.minSpeed)).speed).toBe(PACE.minSpeed);

    // caught up: after quietMs of on-time samples, back up, not before — and since the backlog was gone at
    // once (drained far faster than 4×: a stuck loop, not a speed the loops cannot keep), back to 4× in one step
    await relieve();
    const caughtUp = Date.now();
    const back = await statusWhen((s) => s.speed > PACE.minSpeed);
    expect(Date.now() - caughtUp).toBeGreaterThanOrEqual(PACE.quietMs - 1000);
    expect(back.speed).toBe(4);
    expect(back.message).toBeUndefined();
  }, 45_000);
  it('a kubelet shard answers by the Lease renewals it owes, not by its queue (a pod key long due is not a node about to look dead)', async () => {
    type Inside = { memo: Record<string, unknown>; rows: { queue: { add(k: string, at: number): void; popDue(now: number): string[] } } };
    const answers = await runInDurableObject(host('kubelet#0'), async (instance: ControllerHost) => {
      const inside = instance as unknown as Inside;
      const now = clock.now();
      inside.rows.queue.add('pod/default/long-due', now - 100_000);
      inside.memo.leasesOwed = new Map([['n1', now - 40_000], ['n2', now + 5000]]);
      const leaseLate = await instance.lateness();
      inside.memo.leasesOwed = new Map([['n1', now + 5000]]);
      const leasesOnTime = await instance.lateness();
      // no Lease owed at all (no pool nodes, or every one stopped on purpose): the queue counts as for any loop
      inside.memo.leasesOwed = new Map();
      const queueLate = await instance.lateness();
      inside.rows.queue.popDue(Number.MAX_SAFE_INTEGER);
      return { leaseLate, leasesOnTime, queueLate };
    });
    expect(answers.leaseLate).toBeGreaterThanOrEqual(40_000);
    expect(answers.leaseLate).toBeLessThan(45_000);
    expect(answers.leasesOnTime).toBe(0);
    expect(answers.queueLate).toBeGreaterThanOrEqual(100_000);
  });
});
