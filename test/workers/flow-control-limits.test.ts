// APF on the request path with auth on: classification headers on every response, the exempt level
// for system:masters, a limited level's seats held in its Durable Object across requests, and a
// rejected request answered as upstream does (429, Retry-After, text body) while another user is served.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../workers/index';
import { callWithToken } from './call-with-token';
import type { FlowControlLevelApi, LevelConfig } from '../../shared/flowcontrol';

const ADMIN = 'apf-admin-token';
const sha256 = async (s: string) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))].map((b) => b.toString(16).padStart(2, '0')).join('');
let authEnv: Record<string, unknown>;
const FC = '/apis/flowcontrol.apiserver.k8s.io/v1';

const call = (token: string, method: string, path: string, body?: unknown) => callWithToken(authEnv, token, method, path, body);

const level = (name: string) => (env as unknown as { FLOW_CONTROL: DurableObjectNamespace }).FLOW_CONTROL.get((env as any).FLOW_CONTROL.idFromName(name)) as unknown as FlowControlLevelApi;

describe('API Priority and Fairness on the request path', () => {
  let uids: Record<string, string> = {};

  beforeAll(async () => {
    authEnv = { ...env, AUTH_MODE: 'on', ADMIN_TOKEN: ADMIN, STATIC_TOKENS: [`${await sha256('flood-token')},flooder,u-f`, `${await sha256('quiet-token')},quiet,u-q`, `${await sha256('wait-token')},waiter,u-w`].join('\n') };
    const pl = await call(ADMIN, 'POST', `${FC}/prioritylevelconfigurations`, {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'PriorityLevelConfiguration',
      metadata: { name: 'tiny' },
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, borrowingLimitPercent: 0, limitResponse: { type: 'Reject' } } },
    });
    expect(pl.status).toBe(201);
    const fs = await call(ADMIN, 'POST', `${FC}/flowschemas`, {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name: 'flooders' },
      spec: {
        priorityLevelConfiguration: { name: 'tiny' },
        matchingPrecedence: 500,
        distinguisherMethod: { type: 'ByUser' },
        rules: [{ subjects: [{ kind: 'User', user: { name: 'flooder' } }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }] }],
      },
    });
    expect(fs.status).toBe(201);
    // a queuing level of 3 seats with one short queue, for the waiter
    expect(
      (
        await call(ADMIN, 'POST', `${FC}/prioritylevelconfigurations`, {
          apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
          kind: 'PriorityLevelConfiguration',
          metadata: { name: 'tiny-queue' },
          spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, borrowingLimitPercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 1, handSize: 1, queueLengthLimit: 5 } } } },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(ADMIN, 'POST', `${FC}/flowschemas`, {
          apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
          kind: 'FlowSchema',
          metadata: { name: 'waiters' },
          spec: { priorityLevelConfiguration: { name: 'tiny-queue' }, matchingPrecedence: 500, rules: [{ subjects: [{ kind: 'User', user: { name: 'waiter' } }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }] }] },
        })
      ).status,
    ).toBe(201);
    const list = async (plural: string) => JSON.parse((await call(ADMIN, 'GET', `${FC}/${plural}`)).text).items as any[];
    for (const o of [...(await list('flowschemas')), ...(await list('prioritylevelconfigurations'))]) uids[`${o.kind}/${o.metadata.name}`] = o.metadata.uid;
  });

  it('stamps the exempt classification on an admin request without limiting it', async () => {
    const r = await call(ADMIN, 'GET', '/api/v1/namespaces');
    expect(r.status).toBe(200);
    expect(r.headers.get('X-Kubernetes-PF-FlowSchema-UID')).toBe(uids['FlowSchema/exempt']);
    expect(r.headers.get('X-Kubernetes-PF-PriorityLevel-UID')).toBe(uids['PriorityLevelConfiguration/exempt']);
  });

  it('rejects the flooder once its level is full while the quiet user is served', async () => {
    // the configuration cache of this isolate picks up the new schema within 2 s
    let r = await call('flood-token', 'GET', '/version');
    for (let i = 0; i < 40 && r.headers.get('X-Kubernetes-PF-FlowSchema-UID') !== uids['FlowSchema/flooders']; i++) {
      await new Promise((res) => setTimeout(res, 100));
      r = await call('flood-token', 'GET', '/version');
    }
    expect(r.status).toBe(200);
    expect(r.headers.get('X-Kubernetes-PF-PriorityLevel-UID')).toBe(uids['PriorityLevelConfiguration/tiny']);

    // hold every seat of tiny (1 share of 247 → ceil(600/247) = 3, borrowing nothing) straight at its Durable Object, as other isolates would
    const tiny = level('tiny');
    const cfg: LevelConfig = { name: 'tiny', uid: uids['PriorityLevelConfiguration/tiny']!, version: 'test', concurrencyLimit: 3, queues: 0, handSize: 0, queueLengthLimit: 0 };
    const held = await Promise.all([0, 1, 2].map(() => tiny.acquire({ id: crypto.randomUUID(), level: cfg, flowSchema: 'flooders', distinguisher: 'other', seats: 1 })));
    expect(held.every((h) => h.ok)).toBe(true);

    const rejected = await call('flood-token', 'GET', '/version');
    expect(rejected.status).toBe(429);
    expect(rejected.text).toBe('Too many requests, please try again later.\n');
    expect(rejected.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(Number(rejected.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(rejected.headers.get('X-Kubernetes-PF-FlowSchema-UID')).toBe(uids['FlowSchema/flooders']);
    expect(rejected.headers.get('X-Kubernetes-PF-PriorityLevel-UID')).toBe(uids['PriorityLevelConfiguration/tiny']);

    const quiet = await call('quiet-token', 'GET', '/version');
    expect(quiet.status).toBe(200);
    expect(quiet.headers.get('X-Kubernetes-PF-FlowSchema-UID')).toBe(uids['FlowSchema/global-default']);

    // seats come back when released; the flooder is served again
    for (const h of held) if (h.ok) await tiny.release(h.ticket);
    expect((await call('flood-token', 'GET', '/version')).status).toBe(200);
    // the last request's seat is released after its response: wait for it
    let m = await tiny.metrics();
    for (let i = 0; i < 40 && m.perSchema['flooders']?.executing !== 0; i++) {
      await new Promise((res) => setTimeout(res, 50));
      m = await tiny.metrics();
    }
    expect(m.perSchema['flooders']).toMatchObject({ executing: 0, executingSeats: 0, rejected: { 'concurrency-limit': 1 } });
  });

  it('an uncontended level leases seats to the isolate: later requests skip the level\'s object, and the lease goes back', async () => {
    const wl = level('global-default');
    const dispatched = async () => {
      const m = await wl.metrics();
      return [m.perSchema['global-default']?.dispatched ?? 0, m.perSchema['(isolate lease)']?.dispatched ?? 0, m.perSchema['(isolate lease)']?.executing ?? 0];
    };
    const total = async () => Number((await call(ADMIN, 'GET', '/metrics')).text.match(/apiserver_flowcontrol_dispatched_requests_total\{flow_schema="global-default",priority_level="global-default"\} (\d+)/)?.[1] ?? 0);
    // earlier tests' leases run out first
    await new Promise((r) => setTimeout(r, 1100));
    const [fs0, lease0] = await dispatched();
    const total0 = await total();
    for (let i = 0; i < 5; i++) expect((await call('quiet-token', 'GET', '/version')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    // the first request went to the level and brought back a lease (3 of global-default's 49 seats); the next four ran on it
    let [fs1, lease1, leasesHeld] = await dispatched();
    expect([fs1 - fs0, lease1 - lease0, leasesHeld]).toEqual([1, 1, 1]);
    expect(await total()).toBe(total0 + 5);
    // once it ran out, the next request asks the level again, and the old lease goes back
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call('quiet-token', 'GET', '/version')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    [fs1, lease1, leasesHeld] = await dispatched();
    expect([fs1 - fs0, lease1 - lease0, leasesHeld]).toEqual([2, 2, 1]);
  });

  it('a client that hangs up while queued leaves its queue, counted as cancelled', async () => {
    let r = await call('wait-token', 'GET', '/version');
    for (let i = 0; i < 40 && r.headers.get('X-Kubernetes-PF-FlowSchema-UID') !== uids['FlowSchema/waiters']; i++) {
      await new Promise((res) => setTimeout(res, 100));
      r = await call('wait-token', 'GET', '/version');
    }
    const q = level('tiny-queue');
    const cfg: LevelConfig = { name: 'tiny-queue', uid: 'x', version: 'held', concurrencyLimit: 3, queues: 1, handSize: 1, queueLengthLimit: 5 };
    const held = await Promise.all([0, 1, 2].map(() => q.acquire({ id: crypto.randomUUID(), level: cfg, flowSchema: 'holders', distinguisher: '', seats: 1 })));
    expect(held.every((h) => h.ok)).toBe(true);
    const abort = new AbortController();
    const pending = worker.fetch(new Request('http://kubeflare.test/version', { headers: { authorization: 'Bearer wait-token' }, signal: abort.signal }), authEnv as never);
    let waiting = 0;
    for (let i = 0; i < 50 && waiting === 0; i++) {
      await new Promise((res) => setTimeout(res, 20));
      waiting = (await q.metrics()).perSchema['waiters']?.waiting ?? 0;
    }
    expect(waiting).toBe(1);
    abort.abort();
    const res = await pending;
    expect(res.status).toBe(429);
    const m = (await q.metrics()).perSchema['waiters'];
    expect(m).toMatchObject({ waiting: 0, executing: 0, rejected: { cancelled: 1 } });
    for (const h of held) if (h.ok) await q.release(h.ticket);
  });

  it('exports apiserver_flowcontrol_* metrics', async () => {
    const r = await call(ADMIN, 'GET', '/metrics');
    expect(r.text).toContain('apiserver_flowcontrol_nominal_limit_seats{priority_level="catch-all"} 13');
    expect(r.text).toContain('apiserver_flowcontrol_rejected_requests_total{flow_schema="flooders",priority_level="tiny",reason="concurrency-limit"} 1');
    expect(r.text).toMatch(/apiserver_flowcontrol_dispatched_requests_total\{flow_schema="exempt",priority_level="exempt"\} \d+/);
  });

  it('a flooded level borrows seats the idle levels lend, within its bounds; a level that may not borrow stays put', async () => {
    const limit = async (pl: string) => Number((await call(ADMIN, 'GET', '/metrics')).text.match(new RegExp(`apiserver_flowcontrol_current_limit_seats\\{priority_level="${pl}"\\} (\\d+)`))?.[1] ?? 0);
    const before = await limit('global-default');
    // 300 seats of demand on global-default (nominal 49), held straight at its Durable Object as many isolates would
    const gd = level('global-default');
    const cfg: LevelConfig = { name: 'global-default', uid: 'x', version: 'flood', concurrencyLimit: 600, queues: 128, handSize: 6, queueLengthLimit: 50 };
    const held = await Promise.all(Array.from({ length: 300 }, (_, i) => gd.acquire({ id: crypto.randomUUID(), level: cfg, flowSchema: 'global-default', distinguisher: `u${i}`, seats: 1 })));
    expect(held.every((h) => h.ok)).toBe(true);
    expect(await gd.seatDemand()).toBeGreaterThanOrEqual(300);
    // the re-division runs at most every 10 s per isolate
    let current = before;
    for (let i = 0; i < 130 && current < 250; i++) {
      await new Promise((r) => setTimeout(r, 100));
      current = await limit('global-default');
    }
    // the others lend down toward their lower limits: about 600 × 300 / (300 + their lower limits' 237)
    expect(current).toBeGreaterThanOrEqual(250);
    expect(current).toBeLessThanOrEqual(600);
    expect(await limit('tiny')).toBe(3);
    expect(await limit('workload-low')).toBeGreaterThanOrEqual(24);
    for (const h of held) if (h.ok) await gd.release(h.ticket);
  }, 30_000);
});
