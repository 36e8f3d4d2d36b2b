// Restarting the dev server (issues 4 and 5): on a private `wrangler dev` (the shared one must stay up), a
// rollout is interrupted by stopping the server; a new server on the same storage must keep every node and pod
// (same uids, podCIDRs, pod IPs), renew the node leases and finish the rollout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifest, poll, tableRows } from './support/kubectl';
import { nodePool, onPool, POOL_LABEL } from './support/node-pools';
import { kubectlFor, type OwnServer, startOwnServer } from './support/own-server';

const workDir = mkdtempSync(join(tmpdir(), 'kubeflare-restart-'));
const persistTo = join(workDir, 'state');
const servers: OwnServer[] = [];
let current: OwnServer | undefined;
const { kubectl, getJson } = kubectlFor(workDir, () => current!.kubeconfig);

const POOL = 'restart';
const NS = 'restart';
// Pods take 20s to stop after SIGTERM: a pod that was not terminating when the server stopped cannot legitimately
// be gone by the time the new server answers (well under 20s later), so every one must be found again.
const SHUTDOWN_SECONDS = 20;

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 6,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' }, annotations: { 'kubeflare.dev/shutdown-seconds': String(SHUTDOWN_SECONDS) } },
      spec: { ...onPool(POOL), terminationGracePeriodSeconds: 30, containers: [{ name: 'app', image: 'nginx:1.25' }] },
    },
  },
};

async function start(): Promise<OwnServer> {
  current = await startOwnServer(workDir, persistTo);
  servers.push(current);
  return current;
}

function isReady(o: any): boolean {
  return (o.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

async function nodes(): Promise<any[]> {
  const items: any[] = (await getJson(['nodes', '-l', `${POOL_LABEL}=${POOL}`])).items;
  return items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

async function pods(): Promise<any[]> {
  return (await getJson(['-n', NS, 'pods', '-l', 'app=web'])).items;
}

async function replicaSets(): Promise<[string, number][]> {
  const items: any[] = (await getJson(['-n', NS, 'replicasets', '-l', 'app=web'])).items;
  return items.map((r): [string, number] => [r.metadata.annotations['deployment.kubernetes.io/revision'], r.spec.replicas]).sort();
}

/** What must survive a restart unchanged. */
function nodeView(n: any) {
  return { name: n.metadata.name, uid: n.metadata.uid, podCIDR: n.spec.podCIDR, addresses: n.status.addresses };
}

function podView(p: any) {
  return { name: p.metadata.name, uid: p.metadata.uid, nodeName: p.spec.nodeName, podIP: p.status.podIP, image: p.spec.containers[0].image };
}

afterAll(async () => {
  for (const s of servers) await s.stop();
  if (!process.env.E2E_KEEP) rmSync(workDir, { recursive: true, force: true });
});

describe('restarting the dev server', () => {
  it('keeps the pool, its nodes and pods, renews the leases and resumes an interrupted rollout', async () => {
    // 1. A pool of 3 nodes and a Deployment of 6 available replicas on server A.
    await start();
    await kubectl(['apply', '-f', '-'], { stdin: manifest(nodePool(POOL, { nodes: 3 })) });
    const before = await poll(async () => {
      const ns = await nodes();
      return ns.length === 3 && ns.every((n) => isReady(n) && n.spec?.podCIDR) ? ns : undefined;
    }, 20_000, '3 Ready nodes with a podCIDR');
    await kubectl(['create', 'namespace', NS]);
    await kubectl(['-n', NS, 'apply', '-f', '-'], { stdin: manifest(deployment) });
    await poll(async () => {
      const d = await getJson(['-n', NS, 'deployment', 'web']);
      return d.status?.availableReplicas === 6 && (await pods()).filter(isReady).length === 6;
    }, 30_000, '6 available replicas');

    // 2. Start a rollout and stop the server midway: some new pods already serve, old ones still run.
    await kubectl(['-n', NS, 'set', 'image', 'deployment/web', 'app=nginx:1.26']);
    const [podsAtStop, rsAtStop] = await poll(async () => {
      const rs = await replicaSets();
      const ps = await pods();
      const midway = rs.length === 2 && rs.every(([, n]) => n > 0) && ps.some((p) => p.spec.containers[0].image === 'nginx:1.26' && isReady(p));
      return midway ? ([ps, rs] as const) : undefined;
    }, 15_000, 'the rollout to be midway (two ReplicaSets with replicas, a new pod Ready)');
    await servers[0]!.stop();
    const stoppedAt = Date.now();
    // Really stopped (workerd too), so nothing but storage carries over.
    await expect(fetch(`${servers[0]!.url}/readyz`)).rejects.toThrow();
    // The interruption really was mid-rollout: old pods were still running, and not all new pods were ready.
    expect(rsAtStop.every(([, n]) => n > 0)).toBe(true);
    expect(podsAtStop.some((p) => p.spec.containers[0].image === 'nginx:1.25' && !p.metadata.deletionTimestamp)).toBe(true);
    expect(podsAtStop.filter((p) => p.spec.containers[0].image === 'nginx:1.26' && isReady(p)).length).toBeLessThan(6);

    // 3. Server B on the same storage.
    expect((await start()).url).not.toBe(servers[0]!.url);
    const podsAfter = new Map((await pods()).map((p) => [p.metadata.name, p]));
    const elapsed = Date.now() - stoppedAt;
    expect(elapsed, 'the restart took too long for the pods-kept check').toBeLessThan(SHUTDOWN_SECONDS * 1000);
    // Every pod that was not terminating is still there (same uid), on the same node and with the same IP if it
    // had them (pods still being scheduled or started may have got them since).
    const kept = podsAtStop.filter((p) => !p.metadata.deletionTimestamp);
    const found = kept.map((p) => {
      const now = podsAfter.get(p.metadata.name);
      if (!now) return { name: p.metadata.name, missing: true };
      return { ...podView(now), nodeName: p.spec.nodeName && now.spec.nodeName, podIP: p.status.podIP && now.status.podIP };
    });
    expect(found).toEqual(kept.map(podView));
    expect(kept.filter((p) => p.status.podIP).length).toBeGreaterThan(0);
    // Terminating ones are either still stopping or gone, never replaced by a namesake.
    for (const p of podsAtStop.filter((p) => p.metadata.deletionTimestamp)) {
      const now = podsAfter.get(p.metadata.name);
      if (now) expect(podView(now)).toEqual(podView(p));
    }

    // The same nodes, Ready, with leases renewed by the new server.
    expect((await nodes()).map(nodeView)).toEqual(before.map(nodeView));
    await poll(async () => {
      const ns = await nodes();
      if (ns.length !== 3 || !ns.every(isReady)) return false;
      const leases = await Promise.all(ns.map((n) => getJson(['-n', 'kube-node-lease', 'lease', n.metadata.name])));
      return leases.every((l) => Date.parse(l.spec.renewTime) > stoppedAt);
    }, 25_000, 'every node Ready with its Lease renewed after the restart');
    expect((await nodes()).map(nodeView)).toEqual(before.map(nodeView));

    // The rollout resumes and completes.
    const status = await kubectl(['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=40s'], { timeoutMs: 45_000 });
    expect(status.stdout).toContain('deployment "web" successfully rolled out\n');
    const active = await poll(async () => {
      const ps = (await pods()).filter((p) => !p.metadata.deletionTimestamp);
      return ps.length === 6 && ps.every((p) => isReady(p) && p.spec.containers[0].image === 'nginx:1.26') ? ps : undefined;
    }, 15_000, '6 ready pods on nginx:1.26');
    // Pod IPs stay unique across the restart (the nodes' IPAM state came back from storage too).
    const ips = (await pods()).map((p) => p.status.podIP).filter(Boolean);
    expect(new Set(ips).size).toBe(ips.length);
    expect(active.every((p) => before.some((n) => n.metadata.name === p.spec.nodeName))).toBe(true);

    const history = tableRows((await kubectl(['-n', NS, 'rollout', 'history', 'deployment/web'])).stdout);
    expect(history.slice(history.findIndex((r) => r[0] === 'REVISION') + 1).map((r) => r[0])).toEqual(['1', '2']);
    expect(await replicaSets()).toEqual([['1', 0], ['2', 6]]);
  }, 120_000);
});
