import { runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeLifecycleController, NODE_LIFECYCLE_TABLES } from '../../durable-objects/controllers/node-lifecycle-controller';
import { taintEvictionController, TAINT_EVICTION_TABLES } from '../../durable-objects/controllers/taint-eviction-controller';
import { api, freshNamespace, objectStoreStub } from './helpers';
import { advance, clusterNow, controllerHost, mergePatch, pauseClock, pump, releaseClock } from './stepped-clock';

// The node lifecycle and taint eviction controllers on a stepped cluster clock: time moves only when the test
// advances it, and after each step every controller's alarm runs until nothing is left to do, so each loop
// fires in due order and every assertion is in exact cluster time.

const POOLS = '/apis/kubeflare.dev/v1alpha1/nodepools';
const POOL = 'nl';
const DEAD = 'nl-0';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const S = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const node = async (name = DEAD) => (await api('GET', `/api/v1/nodes/${name}`)).body;
const ready = (o: any) => o.status?.conditions?.find((c: any) => c.type === 'Ready');
const at = (t: string) => Date.parse(t);

async function rows(controller: string, table: string): Promise<Record<string, any>> {
  return runInDurableObject(controllerHost(controller), (_, state) =>
    Object.fromEntries(state.storage.sql.exec<{ key: string; value: string }>('SELECT key, value FROM state_rows WHERE tbl = ?', table).toArray().map((r) => [r.key, JSON.parse(r.value)])),
  );
}

function pod(name: string, tolerations: object[] = []) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: DEAD, tolerations, containers: [{ name: 'app', image: 'nginx:1.25' }] } };
}

beforeAll(async () => {
  await pauseClock();
});

afterAll(async () => {
  await releaseClock();
});

describe('node lifecycle and taint eviction', () => {
  it('a node whose kubelet stops is Unknown after the grace, tainted, its pods evicted on time; back, it is untainted', async () => {
    const ns = await freshNamespace('nl');
    const created = await api('POST', POOLS, { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: POOL }, spec: { nodes: 2, zones: ['zone-a'] } });
    expect(created.status).toBe(201);
    await pump();
    await advance(60 * S, async () => ready(await node())?.status === 'True' && !!(await node()).spec?.podCIDR);
    // upstream's DefaultTolerationSeconds admission gives the pod without tolerations 300 s for both taints
    expect((await api('POST', `/api/v1/namespaces/${ns}/pods`, pod('patient'))).body.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    await api('POST', `/api/v1/namespaces/${ns}/pods`, pod('brief', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]));
    const podReady = async (name: string) => ready((await api('GET', `/api/v1/namespaces/${ns}/pods/${name}`)).body)?.status;
    await advance(120 * S, async () => (await podReady('patient')) === 'True' && (await podReady('brief')) === 'True');
    expect((await node()).spec.taints ?? []).toEqual([]);

    // the kubelet of nl-0 stops: no Lease renewals, no status posts (the kubelet reads its pool's faults at most every 2 s)
    expect((await mergePatch(`${POOLS}/${POOL}`, { spec: { nodeFaults: { [DEAD]: { stopHeartbeat: true } } } })).status).toBe(200);
    await sleep(2100);
    const lastRenew = at((await api('GET', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${DEAD}`)).body.spec.renewTime);
    const unknownAt = await advance(120 * S, async () => ready(await node())?.status === 'Unknown');
    const lost = await node();
    expect(ready(lost)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(lost.status.conditions.find((c: any) => c.type === type)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    }
    // the controller holds cut-down nodes: its status write must keep the rest of the status the kubelet posted
    expect(lost.status).toMatchObject({ capacity: expect.any(Object), allocatable: expect.any(Object), nodeInfo: expect.any(Object), addresses: expect.any(Array) });
    // 50 s of grace from the last probe (a renewal seen within a monitor period), judged every 5 s; the last
    // renewal happened some time in the 10 s before the kubelet stopped
    const lostFor = at(ready(lost).lastTransitionTime) - lastRenew;
    expect(lostFor).toBeGreaterThan(50 * S);
    expect(lostFor).toBeLessThanOrEqual(50 * S + 5 * S + 5 * S + 10 * S);
    expect(at(ready(lost).lastTransitionTime)).toBe(Math.floor(unknownAt / S) * S);
    // the other node is unaffected
    expect(ready(await node('nl-1')).status).toBe('True');

    // NoSchedule at once from the condition, NoExecute through the zone's queue at the next monitor pass
    await advance(10 * S, async () => ((await node()).spec.taints ?? []).length === 2);
    const taints = (await node()).spec.taints;
    expect(taints.map((t: any) => [t.key, t.effect])).toEqual([
      [UNREACHABLE, 'NoSchedule'],
      [UNREACHABLE, 'NoExecute'],
    ]);
    const noExecuteAt = at(taints.find((t: any) => t.effect === 'NoExecute').timeAdded);
    expect(noExecuteAt - at(ready(lost).lastTransitionTime)).toBeLessThanOrEqual(5 * S);
    expect(await podReady('patient')).toBe('False');
    expect(await podReady('brief')).toBe('False');
    const pending = await rows(taintEvictionController.name, TAINT_EVICTION_TABLES.pending);
    expect(Object.fromEntries(Object.entries(pending).map(([k, p]) => [k, (Math.floor(p.fireAt / S) * S - noExecuteAt) / S]))).toEqual({ [`${ns}/brief`]: 30, [`${ns}/patient`]: 300 });
    expect(Object.keys(await rows(nodeLifecycleController.name, NODE_LIFECYCLE_TABLES.health)).sort()).toEqual(['nl-0', 'nl-1']);

    // 30 s after the taint the brief pod is deleted (Terminating: its kubelet is dead); the patient one stays
    const deleting = async () => (await api('GET', `/api/v1/namespaces/${ns}/pods/brief`)).body.metadata?.deletionTimestamp;
    await advance(40 * S, async () => !!(await deleting()));
    const brief = (await api('GET', `/api/v1/namespaces/${ns}/pods/brief`)).body;
    const disruption = brief.status.conditions.find((c: any) => c.type === 'DisruptionTarget');
    expect(disruption).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    const evictedAfter = at(disruption.lastTransitionTime) - noExecuteAt;
    expect(evictedAfter).toBeGreaterThanOrEqual(30 * S);
    expect(evictedAfter).toBeLessThanOrEqual(35 * S);
    expect(at(brief.metadata.deletionTimestamp) - at(disruption.lastTransitionTime)).toBe(brief.metadata.deletionGracePeriodSeconds * S);
    expect((await api('GET', `/api/v1/namespaces/${ns}/pods/patient`)).body.metadata.deletionTimestamp).toBeUndefined();

    // the kubelet comes back: Ready again, both taints gone, the patient pod's deletion cancelled
    await mergePatch(`${POOLS}/${POOL}`, { spec: { nodeFaults: null } });
    await sleep(2100);
    await advance(60 * S, async () => ready(await node())?.status === 'True' && ((await node()).spec.taints ?? []).length === 0);
    expect(ready(await node()).status).toBe('True');
    expect((await node()).spec.taints ?? []).toEqual([]);
    expect((await clusterNow()) - noExecuteAt).toBeLessThan(300 * S);
    expect(await rows(taintEvictionController.name, TAINT_EVICTION_TABLES.pending)).toEqual({});
    expect((await api('GET', `/api/v1/namespaces/${ns}/pods/patient`)).body.metadata.deletionTimestamp).toBeUndefined();

    const events = (await api('GET', `/api/v1/namespaces/${ns}/events`)).body.items as any[];
    const said = events.map((e) => [e.involvedObject.name, e.reason, e.message, e.source.component]);
    expect(said).toContainEqual(['brief', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/brief`, 'taint-eviction-controller']);
    expect(said).toContainEqual(['patient', 'TaintManagerEviction', `Cancelling deletion of Pod ${ns}/patient`, 'taint-eviction-controller']);
    expect(said).toContainEqual(['patient', 'NodeNotReady', 'Node is not ready', 'node-controller']);
    const nodeEvents = ((await api('GET', '/api/v1/namespaces/default/events')).body.items as any[]).filter((e) => e.source.component === 'node-controller');
    expect(nodeEvents.map((e) => [e.involvedObject.name, e.reason, e.message])).toContainEqual([DEAD, 'NodeNotReady', `Node ${DEAD} status is now: NodeNotReady`]);
    expect(nodeEvents.map((e) => [e.involvedObject.name, e.reason])).toContainEqual(['nl-1', 'RegisteredNode']);
  }, 420_000);

  it('a node it cannot judge gets a Warning event and the others are still monitored', async () => {
    // a node stored before validation caught its shape (written to the store directly): conditions not a list
    const now = await clusterNow();
    const broken = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'broken', uid: 'uid-broken', creationTimestamp: new Date(now).toISOString() }, status: { conditions: 'garbage' } };
    await runInDurableObject(objectStoreStub('cluster') as DurableObjectStub, (store) => {
      (store as unknown as { table: { commit(...args: unknown[]): void } }).table.commit('nodes', 'ADDED', broken, null, now);
    });
    // the store's commit skipped its notifier: tell the controller as the store would (or its next full
    // list of nodes, NODE_RELIST_MS on, finds it)
    await controllerHost(nodeLifecycleController.name).notify([{ resource: 'nodes', type: 'ADDED', name: 'broken', uid: 'uid-broken', resourceVersion: '1' }]);
    await advance(10 * S);
    const events = ((await api('GET', '/api/v1/namespaces/default/events')).body.items as any[]).filter((e) => e.involvedObject.name === 'broken');
    expect(events.map((e) => [e.type, e.reason, e.source.component])).toEqual([['Warning', 'FailedToProcessNode', 'node-controller']]);
    expect(events[0].message).toMatch(/^Node broken could not be processed by the node lifecycle controller: /);
    // the others still go on: nl-1 keeps being judged (a stopped kubelet there is noticed)
    expect(Object.keys(await rows(nodeLifecycleController.name, NODE_LIFECYCLE_TABLES.health)).sort()).toEqual(['nl-0', 'nl-1']);
    await mergePatch(`${POOLS}/${POOL}`, { spec: { nodeFaults: { 'nl-1': { stopHeartbeat: true } } } });
    await sleep(2100);
    await advance(90 * S, async () => ready(await node('nl-1'))?.status === 'Unknown');
    expect(ready(await node('nl-1')).status).toBe('Unknown');
  }, 60_000);
});
