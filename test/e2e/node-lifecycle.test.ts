// Node lifecycle and taint eviction end to end (issue 10), on a private `wrangler dev` whose cluster clock runs
// 20 times faster than the wall (the shared server's must keep real time): a NodePool fault stops one node's
// kubelet; the node goes Unknown after the 50 s grace, is tainted unreachable NoSchedule and NoExecute, its pods are
// marked not ready, a pod tolerating the taint for 30 s is deleted on time while one with the default 300 s stays,
// and once the kubelet is back the taints go and the pending deletion is cancelled. Every time is cluster time.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockStateOf } from '../../shared/clock/clock-object';
import { clusterTimeAt } from '../../shared/clock/cluster-clock';
import { manifest, poll } from './support/kubectl';
import { nodePool } from './support/node-pools';
import { useOwnServer } from './support/own-server';

const server = useOwnServer('node-lifecycle');
const { kubectl, getJson } = server;

const POOL = 'nl';
const DEAD = 'nl-0';
const NS = 'lifecycle';
const SPEED = 20;
const S = 1000;
const UNREACHABLE = 'node.kubernetes.io/unreachable';
/** How late a loop may act, in cluster time: a monitor period plus a wall second of alarm and request lag at speed 20. */
const LAG = 5 * S + SPEED * S;

/** GET over HTTP for polling (kubectl costs a wall second a call, 20 s of cluster time here). */
async function get(path: string): Promise<any> {
  const res = await fetch(server.url + path);
  const json = await res.json();
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function clusterNow(): Promise<number> {
  const wall = Date.now();
  return clusterTimeAt(clockStateOf(await get('/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster'), wall), wall);
}

const at = (t: string) => Date.parse(t);
const ready = (o: any) => o.status?.conditions?.find((c: any) => c.type === 'Ready');
const node = () => get(`/api/v1/nodes/${DEAD}`);
const pod = (name: string) => get(`/api/v1/namespaces/${NS}/pods/${name}`);
const noExecute = (n: any) => (n.spec.taints ?? []).find((t: any) => t.key === UNREACHABLE && t.effect === 'NoExecute');

function podManifest(name: string, tolerations: object[] = []) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS }, spec: { nodeName: DEAD, tolerations, containers: [{ name: 'app', image: 'nginx:1.25' }] } };
}

describe('node lifecycle and taint eviction', () => {
  it('a node whose heartbeats stop is tainted within the grace; a 30 s toleration is evicted on time, the default 300 s one is not', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { speed: SPEED } }) });
    await kubectl(['apply', '-f', '-'], { stdin: manifest(nodePool(POOL, { nodes: 3, zones: ['zone-a'] })) });
    await kubectl(['create', 'namespace', NS]);
    // the ServiceAccount admission refuses pods until the namespace's default ServiceAccount exists
    await kubectl(['-n', NS, 'wait', '--for=create', 'serviceaccount/default', '--timeout=20s']);
    const brief = podManifest('brief', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]);
    await kubectl(['apply', '-f', '-'], { stdin: [manifest(brief), manifest(podManifest('patient'))].join('---\n') });
    // the DefaultTolerationSeconds admission plugin gave the pod without tolerations 300 s for both taints
    expect((await getJson(['-n', NS, 'pod', 'patient'])).spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    await poll(async () => ready(await pod('brief'))?.status === 'True' && ready(await pod('patient'))?.status === 'True', 30_000, 'both pods Ready');

    await kubectl(['patch', 'nodepool', POOL, '--type=merge', '-p', JSON.stringify({ spec: { nodeFaults: { [DEAD]: { stopHeartbeat: true } } } })]);
    const faultAt = await clusterNow();
    const tainted = await poll(async () => {
      const n = await node();
      return noExecute(n) ? n : undefined;
    }, 30_000, `${DEAD} tainted NoExecute`);
    const lease = (await getJson(['-n', 'kube-node-lease', 'lease', DEAD])).spec;
    const unknown = ready(tainted);
    expect(unknown).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    // the last renewal is at most a renew interval (and the kubelet's 2 s pool cache) before the fault
    expect(at(lease.renewTime)).toBeGreaterThan(faultAt - 10 * S - 2 * SPEED * S);
    // Unknown once 50 s have passed since the last probe (the last renewal, seen within a monitor period); the
    // condition's time is whole seconds (metav1.Time) and the Lease's is microseconds, so it may read up to 1 s less
    const silentFor = at(unknown.lastTransitionTime) - at(lease.renewTime);
    expect(silentFor).toBeGreaterThan(50 * S - S);
    expect(silentFor).toBeLessThanOrEqual(50 * S + LAG);
    const taintedAt = at(noExecute(tainted).timeAdded);
    expect(taintedAt - at(unknown.lastTransitionTime)).toBeLessThanOrEqual(LAG);
    const taints = (await getJson(['node', DEAD])).spec.taints.map((t: any) => `${t.key}:${t.effect}`);
    expect(taints).toEqual(expect.arrayContaining([`${UNREACHABLE}:NoSchedule`, `${UNREACHABLE}:NoExecute`]));
    // its pods are marked not ready; the other nodes stay Ready
    expect(ready(await pod('patient')).status).toBe('False');
    for (const name of ['nl-1', 'nl-2']) expect(ready(await get(`/api/v1/nodes/${name}`)).status).toBe('True');

    const evicted = await poll(async () => {
      const p = await pod('brief');
      return p.metadata.deletionTimestamp ? p : undefined;
    }, 30_000, 'the brief pod deleted');
    const disruption = evicted.status.conditions.find((c: any) => c.type === 'DisruptionTarget');
    expect(disruption).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
    const evictedAfter = at(disruption.lastTransitionTime) - taintedAt;
    expect(evictedAfter).toBeGreaterThanOrEqual(30 * S);
    expect(evictedAfter).toBeLessThanOrEqual(30 * S + LAG);
    // deleted gracefully: the deletion timestamp is the grace period after the eviction (the condition and the
    // delete are two writes; at speed a few wall milliseconds between them are a cluster second or more)
    const graceEnd = at(evicted.metadata.deletionTimestamp) - at(disruption.lastTransitionTime);
    expect(graceEnd).toBeGreaterThanOrEqual(evicted.metadata.deletionGracePeriodSeconds * S);
    expect(graceEnd).toBeLessThanOrEqual(evicted.metadata.deletionGracePeriodSeconds * S + LAG);
    const patient = await getJson(['-n', NS, 'pod', 'patient']);
    expect(patient.metadata.deletionTimestamp).toBeUndefined();
    expect((await clusterNow()) - taintedAt).toBeLessThan(300 * S);

    // the kubelet comes back: Ready, untainted, and the patient pod's deletion is cancelled before its 300 s
    await kubectl(['patch', 'nodepool', POOL, '--type=merge', '-p', JSON.stringify({ spec: { nodeFaults: null } })]);
    await poll(async () => {
      const n = await node();
      return ready(n)?.status === 'True' && !(n.spec.taints ?? []).some((t: any) => t.key === UNREACHABLE);
    }, 30_000, `${DEAD} Ready and untainted`);
    expect((await clusterNow()) - taintedAt).toBeLessThan(300 * S);
    const events = (await getJson(['-n', NS, 'events', '--field-selector', 'reason=TaintManagerEviction'])).items.map((e: any) => e.message);
    expect(events).toEqual(expect.arrayContaining([`Marking for deletion Pod ${NS}/brief`, `Cancelling deletion of Pod ${NS}/patient`]));
    // and stays: well past the 300 s it would have had, it is still not deleted
    await poll(async () => (await clusterNow()) > taintedAt + 330 * S, 30_000, 'cluster time past the default toleration');
    expect((await getJson(['-n', NS, 'pod', 'patient'])).metadata.deletionTimestamp).toBeUndefined();
    const nodeEvents = (await getJson(['events', '-n', 'default', '--field-selector', `involvedObject.name=${DEAD}`])).items.map((e: any) => [e.reason, e.source.component]);
    expect(nodeEvents).toContainEqual(['NodeNotReady', 'node-controller']);
  }, 120_000);
});
