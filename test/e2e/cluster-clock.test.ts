// The cluster clock end to end (issue 10), on a private `wrangler dev`: the shared server's clock must keep real
// time for the other files. Bad clock writes are refused as upstream refuses bad input; at speed 60 node Leases are
// renewed in cluster time; a paused clock advanced by an hour moves status.time, object timestamps and kubectl's
// AGE by exactly an hour; and an HPA under a load step scales up within a sync of the step and back down only once
// the 300 s stabilization window has passed, in cluster time, which takes seconds of wall time.
import { describe, expect, it } from 'vitest';
import { clockStateOf, type ClusterClockObject } from '../../shared/clock/clock-object';
import { clusterTimeAt } from '../../shared/clock/cluster-clock';
import { manifest, poll, tableRows } from './support/kubectl';
import { nodePool, onPool } from './support/node-pools';
import { useOwnServer } from './support/own-server';

const server = useOwnServer('clock');
const { kubectl, getJson } = server;

const CLOCK = '/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster';
const POOL = 'clock';
const NS = 'clock';
const SYNC_S = 15;
const WINDOW_S = 300;

/** JSON over HTTP: kubectl costs a second of wall time a call, which is a minute of cluster time at speed 60. */
async function api(method: string, path: string, body?: unknown): Promise<any> {
  const ct = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  const res = await fetch(server.url + path, { method, headers: { 'content-type': ct }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const setClock = (spec: object): Promise<ClusterClockObject> => api('PATCH', CLOCK, { spec });

/** Cluster time now (ms), from the clock's anchors and this machine's wall clock (the server's, too). */
async function clusterNow(): Promise<number> {
  const wall = Date.now();
  return clusterTimeAt(clockStateOf(await api('GET', CLOCK), wall), wall);
}

const seconds = (t: string): number => Date.parse(t) / 1000;
const isReady = (o: any): boolean => (o.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

describe('the cluster clock', () => {
  it('refuses a speed of 0 or less, a negative advance and deletion, and kubectl shows its speed and time', async () => {
    // keepUp: false holds exactly 60× (this file checks the arithmetic; keeping pace is test/workers/clock-pace.test.ts)
    await kubectl(['apply', '-f', '-'], { stdin: manifest({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { speed: 60, keepUp: false } }) });
    for (const [patch, message] of [
      [{ speed: 0 }, 'spec.speed: Invalid value: 0: must be greater than 0'],
      [{ speed: -5 }, 'spec.speed: Invalid value: -5: must be greater than 0'],
      [{ advance: '-10m' }, 'spec.advance: Invalid value: "-10m": the cluster clock cannot go backwards'],
    ] as const) {
      const r = await kubectl(['patch', 'clusterclock', 'cluster', '--type=merge', '-p', JSON.stringify({ spec: patch })], { allowFail: true });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`The ClusterClock "cluster" is invalid: ${message}`);
      const res = await fetch(server.url + CLOCK, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: patch }) });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ kind: 'Status', code: 422, reason: 'Invalid' });
    }
    const del = await kubectl(['delete', 'clusterclock', 'cluster'], { allowFail: true });
    expect(del.stderr).toContain('clusterclocks.kubeflare.dev "cluster" is forbidden: the cluster clock cannot be deleted');
    expect((await fetch(server.url + CLOCK, { method: 'DELETE' })).status).toBe(403);

    // none of those changed it
    const clock = await api('GET', CLOCK);
    expect(clock.spec).toEqual({ speed: 60, paused: false, keepUp: false });
    const rows = tableRows((await kubectl(['get', 'clusterclock'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'SPEED', 'PAUSED', 'TIME', 'AGE']);
    expect(rows[1]!.slice(0, 3)).toEqual(['cluster', '60', 'false']);
    // TIME is the cluster time now, ahead of the wall clock at speed 60
    expect(Date.parse(rows[1]![3]!)).toBeGreaterThan(Date.now());
    expect((await kubectl(['explain', 'clusterclock.spec.advance'])).stdout).toContain('Go duration');
  });

  it('at speed 60, node Leases are renewed every 10 s of cluster time, far ahead of the wall clock', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(nodePool(POOL, { nodes: 3 })) });
    const nodes = await poll(async () => {
      const items: any[] = (await api('GET', `/api/v1/nodes?labelSelector=kubeflare.dev%2Fnode-pool%3D${POOL}`)).items;
      return items.length === 3 && items.every(isReady) ? items : undefined;
    }, 30_000, '3 Ready nodes');
    // a few wall seconds are a few cluster minutes: every Lease must have been renewed within the last 10 s (+ slack)
    await new Promise((r) => setTimeout(r, 2000));
    const now = await clusterNow();
    const renewed = await Promise.all(nodes.map(async (n) => Date.parse((await api('GET', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${n.metadata.name}`)).spec.renewTime)));
    for (const t of renewed) {
      expect(now - t, 'a Lease lags cluster time by more than its renew interval and a second of wall time').toBeLessThan(10_000 + 60_000);
      expect(t, 'a Lease renewed in cluster time is ahead of the wall clock').toBeGreaterThan(Date.now() + 60_000);
    }
  }, 45_000);

  it('paused, an advance of 1h moves status.time, new objects\' creationTimestamp and AGE by exactly an hour', async () => {
    const paused = await setClock({ paused: true });
    await api('POST', '/api/v1/namespaces', { metadata: { name: NS } });
    const before = await api('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'before' } });
    const advanced = await setClock({ advance: '1h' });
    expect(advanced.spec).toEqual({ speed: 60, paused: true, keepUp: false });
    expect(seconds(advanced.status!.time) - seconds(paused.status!.time)).toBe(3600);
    // namespace stores re-read the clock at most once a wall second
    await new Promise((r) => setTimeout(r, 1100));
    const after = await api('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'after' } });
    expect(seconds(after.metadata.creationTimestamp) - seconds(before.metadata.creationTimestamp)).toBe(3600);
    // server-side Tables compute AGE in cluster time
    const ages = Object.fromEntries(tableRows((await kubectl(['-n', NS, 'get', 'configmaps', 'before', 'after'])).stdout).slice(1).map((r) => [r[0], r[2]]));
    expect(ages).toEqual({ before: '60m', after: '0s' });
  });

  it('a timed run (runFor) renews every Lease at each 10 s of it, in order, then stands still at its end', async () => {
    await setClock({ paused: true });
    const leases = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
    const poolLeases = new Set((await api('GET', `/api/v1/nodes?labelSelector=kubeflare.dev%2Fnode-pool%3D${POOL}`)).items.map((n: any) => n.metadata.name));
    const start = await api('GET', leases);
    const ctrl = new AbortController();
    const renewals: number[] = [];
    const res = await fetch(`${server.url}${leases}?watch=true&resourceVersion=${start.metadata.resourceVersion}`, { signal: ctrl.signal });
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      for await (const chunk of res.body as any) {
        buf += decoder.decode(chunk, { stream: true });
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          const e = JSON.parse(buf.slice(0, i));
          buf = buf.slice(i + 1);
          if (e.type === 'MODIFIED' && poolLeases.has(e.object.metadata.name)) renewals.push(Date.parse(e.object.spec.renewTime));
        }
      }
    })().catch(() => undefined);
    // 2 minutes of cluster time at 60× (keeping pace, so a loaded machine slows it rather than skip renewals)
    const run = await setClock({ keepUp: true, runFor: '2m' });
    expect(run.spec).toMatchObject({ paused: true, keepUp: true });
    const end = run.status!.runUntil!;
    expect(end - Date.parse(run.status!.time)).toBe(120_000);
    await poll(async () => (await clusterNow()) >= end, 30_000, 'the timed run to end');
    await new Promise((r) => setTimeout(r, 1500));
    ctrl.abort();
    await reading;
    // each of the 3 nodes renews every 10 s of the run (12 times; an advance would renew each once)
    expect(renewals.length, 'Lease renewals during a 2-minute run of 3 nodes').toBeGreaterThanOrEqual(3 * 6);
    expect(Math.max(...renewals)).toBeLessThanOrEqual(end);
    // then it stands still at the run's end, and kubectl shows it paused
    expect(await clusterNow()).toBe(end);
    expect(tableRows((await kubectl(['get', 'clusterclock'])).stdout)[1]!.slice(2, 4)).toEqual(['true', new Date(end).toISOString().replace(/\.\d{3}Z$/, 'Z')]);
    await setClock({ keepUp: false });
  }, 60_000);

  it('an HPA scales up within a sync of a load step and down only after the 300 s stabilization window, at speed 30', async () => {
    // 1 pod at 100m requested serves the whole load at 1m of CPU a request; target 50%. 50 req/s: 50% (stays at 1).
    // 300 req/s from t0+120 s: 300% → upstream's ceil(1 × 300/50) = 6 (4 first: the scale-up limit max(2×1, 4)).
    // 50 req/s again from t0+360 s: 6 pods at 8% recommend 1, held at 6 until the window's last 6 is 300 s old.
    await setClock({ paused: false, speed: 30 });
    const t0 = Math.ceil((await clusterNow()) / 1000);
    const up = t0 + 120;
    const down = t0 + 360;
    const profile = {
      apiVersion: 'kubeflare.dev/v1alpha1',
      kind: 'WorkloadProfile',
      metadata: { name: 'web', namespace: NS },
      spec: {
        load: {
          cpuPerRequest: '1m',
          requestsPerSecond: { type: 'step', clock: 'wall', steps: [{ at: t0, value: 50 }, { at: up, value: 300 }, { at: down, value: 50 }] },
        },
      },
    };
    const labels = { app: 'web' };
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: NS },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: { 'kubeflare.dev/profile': 'web' } },
          spec: { ...onPool(POOL), containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '100m' } } }] },
        },
      },
    };
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: NS },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
    };
    await api('POST', `/apis/kubeflare.dev/v1alpha1/namespaces/${NS}/workloadprofiles`, profile);
    await api('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deploy);
    await api('POST', `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`, hpa);

    // While the window holds the scale-down back, the HPA says so in its AbleToScale condition.
    let stabilized: any;
    const rescales = await poll(async () => {
      const h = await api('GET', `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/web`);
      stabilized ??= h.status?.conditions?.find((c: any) => c.type === 'AbleToScale' && c.reason === 'ScaleDownStabilized');
      const events: any[] = (await api('GET', `/api/v1/namespaces/${NS}/events?fieldSelector=reason%3DSuccessfulRescale`)).items;
      const all = events.map((e) => ({ size: Number(/^New size: (\d+)/.exec(e.message)![1]), at: seconds(e.firstTimestamp ?? e.eventTime), message: e.message as string })).sort((a, b) => a.at - b.at);
      return all.at(-1)?.size === 1 ? all : undefined;
      // 660 cluster s are 22 wall s at 30×; on a loaded machine the clock keeps pace by running slower
      // (spec.keepUp), and every bound below is in cluster time, so wait longer in wall time
    }, 150_000, 'the HPA to scale up and back down to 1');

    const ups = rescales.filter((r) => r.size > 1);
    expect(ups.map((r) => r.size)).toEqual([4, 6]);
    expect(ups[0]!.message).toBe('New size: 4; reason: cpu resource utilization (percentage of request) above target');
    // the first sync after the step sees it (syncs are 15 s apart; a wall second of lateness is 30 cluster s)
    expect(ups[0]!.at).toBeGreaterThanOrEqual(up);
    expect(ups[0]!.at).toBeLessThanOrEqual(up + SYNC_S + 30);
    const last = rescales.at(-1)!;
    expect(rescales).toHaveLength(3);
    expect(last.message).toBe('New size: 1; reason: All metrics below target');
    // not before the last high recommendation (at most a sync before the drop) is 300 s old; soon after it
    expect(last.at).toBeGreaterThan(down - SYNC_S + WINDOW_S);
    expect(last.at).toBeLessThanOrEqual(down + WINDOW_S + SYNC_S + 30);
    expect(stabilized?.message).toBe('recent recommendations were higher than current one, applying the highest recent recommendation');
  }, 170_000);
});
