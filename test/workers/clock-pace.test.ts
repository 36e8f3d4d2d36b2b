// Keeping pace (shared/clock/pace.ts) through the cluster store: a controller host's report of
// lateness slows a running ClusterClock, the API shows why, and a new speed from a client is taken as asked.
import { afterAll, describe, expect, it } from 'vitest';
import { runInDurableObject } from 'cloudflare:test';
import { api, objectStoreStub } from './helpers';
import { controllerHostNames } from '../../durable-objects/controllers/host-names';
import { env } from 'cloudflare:test';

const CLOCK = '/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster';
const merge = (body: unknown) => api('PATCH', CLOCK, body, 'application/merge-patch+json');

afterAll(async () => {
  await merge({ spec: { speed: 1, paused: true } });
  for (const name of controllerHostNames()) await runInDurableObject(env.CONTROLLERS.get(env.CONTROLLERS.idFromName(name)), (_, state) => state.storage.deleteAlarm());
});

describe('the cluster clock keeps pace with the loops', () => {
  it('a late loop halves a running clock, the status says which, and a client speed change is taken as asked', async () => {
    expect((await api('POST', '/apis/kubeflare.dev/v1alpha1/clusterclocks', { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { speed: 60 } })).status).toBe(201);
    const cluster = objectStoreStub('cluster');

    // within the limit: nothing changes
    await cluster.clockLag('kubelet#2', 4000);
    expect((await api('GET', CLOCK)).body.status.speed).toBe(60);

    await cluster.clockLag('kubelet#2', 15_000);
    const slowed = (await api('GET', CLOCK)).body;
    expect(slowed.spec).toMatchObject({ speed: 60, keepUp: true });
    expect(slowed.status).toMatchObject({ speed: 30, message: 'slowed to 30× of the 60× asked: kubelet#2 ran 15.0 s of cluster time late' });

    // a second report right away is the same backlog: no second halving
    await cluster.clockLag('hpa', 15_000);
    expect((await api('GET', CLOCK)).body.status.speed).toBe(30);

    // the wide table says why
    const table = (await api('GET', CLOCK, undefined, 'application/json', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).body;
    expect(table.rows[0].cells[1]).toBe(30);
    expect(table.rows[0].cells[5]).toContain('kubelet#2 ran 15.0 s');

    // a label leaves the pace alone; a new speed is taken as asked
    expect((await merge({ metadata: { labels: { team: 'sim' } } })).body.status.speed).toBe(30);
    const asked = (await merge({ spec: { speed: 20 } })).body;
    expect(asked.status.speed).toBe(20);
    expect(asked.status.message).toBeUndefined();

    // keepUp: false holds the speed whatever the loops report
    await merge({ spec: { keepUp: false } });
    await new Promise((r) => setTimeout(r, 2100));
    await cluster.clockLag('kubelet#2', 60_000);
    expect((await api('GET', CLOCK)).body.status.speed).toBe(20);
  });
});
