// The simulated node pool (issue 5) as kubectl shows it: Ready nodes with zones, IPs and podCIDRs, leases,
// pods running with IPs from their node's podCIDR, `kubectl top` from a WorkloadProfile, logs, scale-down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, POOL_LABEL, poolName, poolNodes } from './support/node-pools';

const pool = poolName('e2e-np');
const zones = ['zone-a', 'zone-b', 'zone-c'];

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = ipToInt(base!);
  return ipToInt(ip) >= start && ipToInt(ip) < start + size;
}

/** `kubectl top` CPU column in millicores. */
function millicores(cell: string): number {
  return cell.endsWith('m') ? Number(cell.slice(0, -1)) : Number(cell) * 1000;
}

let ns: string;

beforeAll(async () => {
  await applyPool(pool, { nodes: 3, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, zones });
  ns = await newNamespace('nodepool');
});
afterAll(async () => {
  await deletePools(pool);
});

describe('a NodePool of 3', () => {
  it('get nodes -o wide shows Ready nodes with zones, INTERNAL-IPs and podCIDRs; each has a Lease in kube-node-lease', async () => {
    const names = [0, 1, 2].map((i) => `${pool}-${i}`);
    const rows = tableRows((await kubectl(['get', 'nodes', '-o', 'wide', '-l', `${POOL_LABEL}=${pool}`, '-L', 'topology.kubernetes.io/zone'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME', 'ZONE']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(names);
    for (const [i, r] of rows.slice(1).entries()) {
      expect(r[1]).toBe('Ready');
      expect(r[4]).toBe('v1.32.0');
      expect(r[5]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(r[10]).toBe(zones[i]);
    }

    const nodes = await poolNodes(pool);
    const cidrs = nodes.map((n) => n.spec.podCIDR as string);
    for (const c of cidrs) expect(inCidr(c.split('/')[0]!, '10.244.0.0/16')).toBe(true);
    expect(new Set(cidrs).size).toBe(3);
    // jsonpath, as a user would read them.
    const jp = (await kubectl(['get', 'nodes', '-l', `${POOL_LABEL}=${pool}`, '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.podCIDR}{"\\n"}{end}'])).stdout;
    expect(jp.trim().split('\n').sort()).toEqual(nodes.map((n) => `${n.metadata.name}=${n.spec.podCIDR}`).sort());
    for (const n of nodes) {
      expect(n.metadata.labels).toMatchObject({ [POOL_LABEL]: pool, 'kubernetes.io/hostname': n.metadata.name, 'topology.kubernetes.io/region': expect.any(String) });
      expect(n.status.addresses).toEqual(expect.arrayContaining([{ type: 'InternalIP', address: expect.any(String) }, { type: 'Hostname', address: n.metadata.name }]));
    }

    const leases = await getJson(['-n', 'kube-node-lease', 'leases']);
    for (const name of names) {
      const lease = leases.items.find((l: any) => l.metadata.name === name);
      expect(lease, `lease ${name}`).toBeDefined();
      expect(lease.spec.holderIdentity).toBe(name);
      expect(lease.spec.leaseDurationSeconds).toBe(40);
      expect(lease.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'v1', kind: 'Node', name })]);
      expect(Date.now() - Date.parse(lease.spec.renewTime)).toBeLessThan(30_000);
    }
  });

  it('a Deployment runs with pod IPs from its node’s podCIDR; top and logs follow the WorkloadProfile', async () => {
    const profile = {
      apiVersion: 'kubeflare.dev/v1alpha1',
      kind: 'WorkloadProfile',
      metadata: { name: 'steady' },
      spec: { cpu: { type: 'constant', value: '300m' }, memory: { type: 'constant', value: '64Mi' }, logLines: ['hello from {pod} on {node}'], logIntervalSeconds: 0 },
    };
    const labels = { app: 'sim' };
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'sim', labels },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: { 'kubeflare.dev/profile': 'steady' } },
          spec: { ...onPool(pool), containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
        },
      },
    };
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: manifest(profile, deploy) });
    await kubectl(['-n', ns, 'wait', '--for=condition=Available', 'deployment/sim', '--timeout=30s'], { timeoutMs: 35_000 });
    const pods = await poll(async () => {
      const items: any[] = (await getJson(['-n', ns, 'pods', '-l', 'app=sim'])).items;
      return items.length === 3 && items.every((p) => p.status.phase === 'Running' && p.status.podIP) ? items : undefined;
    }, 20_000, '3 Running pods with IPs');

    const cidrOf = new Map((await poolNodes(pool)).map((n) => [n.metadata.name as string, n.spec.podCIDR as string]));
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'pods', '-l', 'app=sim', '-o', 'wide'])).stdout);
    expect(rows[0]!.slice(0, 7)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE']);
    for (const r of rows.slice(1)) {
      expect(r.slice(1, 3)).toEqual(['1/1', 'Running']);
      const cidr = cidrOf.get(r[6]!);
      expect(cidr, `node ${r[6]} of ${r[0]} is in the pool`).toBeDefined();
      expect(inCidr(r[5]!, cidr!), `${r[5]} in ${cidr}`).toBe(true);
      // CNI host-local never hands out the network address or the .1 gateway.
      expect(ipToInt(r[5]!) - ipToInt(cidr!.split('/')[0]!)).toBeGreaterThan(1);
    }
    expect(new Set(pods.map((p) => p.status.podIP)).size).toBe(3);
    for (const p of pods) expect(p.status.podIPs).toEqual([{ ip: p.status.podIP }]);

    // kubectl top pods: the profile's constant demand.
    const top = await poll(async () => {
      const r = tableRows((await kubectl(['-n', ns, 'top', 'pods', '-l', 'app=sim'])).stdout);
      return r.length === 4 ? r : undefined;
    }, 20_000, 'metrics for 3 pods');
    expect(top[0]).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    for (const r of top.slice(1)) expect(r.slice(1)).toEqual(['300m', '64Mi']);
    const containers = tableRows((await kubectl(['-n', ns, 'top', 'pods', '-l', 'app=sim', '--containers'])).stdout);
    expect(containers[0]).toEqual(['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(containers.slice(1).map((r) => r.slice(1))).toEqual([0, 1, 2].map(() => ['app', '300m', '64Mi']));

    // kubectl top nodes: the 50m system baseline plus what runs there.
    const onNode = new Map<string, number>();
    for (const p of pods) onNode.set(p.spec.nodeName, (onNode.get(p.spec.nodeName) ?? 0) + 1);
    const topNodes = tableRows((await kubectl(['top', 'nodes', '-l', `${POOL_LABEL}=${pool}`])).stdout);
    expect(topNodes[0]).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    for (const r of topNodes.slice(1)) expect(millicores(r[1]!)).toBe(50 + 300 * (onNode.get(r[0]!) ?? 0));

    // An annotation on the pod overrides the profile.
    const annotated = pods[0].metadata.name as string;
    await kubectl(['-n', ns, 'annotate', 'pod', annotated, 'kubeflare.dev/cpu-demand=125m']);
    await poll(async () => tableRows((await kubectl(['-n', ns, 'top', 'pod', annotated, '--no-headers'])).stdout)[0]?.[1] === '125m', 20_000, 'top to show 125m');

    // kubectl logs: the profile's lines with placeholders filled in.
    const p = pods[1];
    const logs = await kubectl(['-n', ns, 'logs', p.metadata.name]);
    expect(logs.stdout).toContain(`hello from ${p.metadata.name} on ${p.spec.nodeName}\n`);
    const viaDeploy = await kubectl(['-n', ns, 'logs', 'deployment/sim', '-c', 'app', '--tail=1']);
    expect(viaDeploy.stdout).toMatch(/^hello from sim-[a-z0-9]+-[a-z0-9]{5} on /);
  }, 60_000);

  it('a pod asking for more CPU than any node has stays Pending with a FailedScheduling event', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'huge' },
      spec: { ...onPool(pool), containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '64' } } }] },
    };
    await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: manifest(pod) });
    const event = await poll(async () => (await getJson(['-n', ns, 'events', '--field-selector', 'involvedObject.name=huge,reason=FailedScheduling'])).items[0], 15_000, 'a FailedScheduling event');
    expect(event.type).toBe('Warning');
    expect(event.message).toMatch(/^0\/\d+ nodes are available: .*3 Insufficient cpu/);
    const huge = await getJson(['-n', ns, 'pod', 'huge']);
    expect(huge.status.phase).toBe('Pending');
    expect(huge.spec.nodeName).toBeUndefined();
    expect(huge.status.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' })]);
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'pod', 'huge'])).stdout);
    expect(rows[1]!.slice(0, 3)).toEqual(['huge', '0/1', 'Pending']);
    await kubectl(['-n', ns, 'delete', 'pod', 'huge', '--wait=false']);
  });

  it('scaling the pool down removes the highest-index node and its lease; its pods are replaced elsewhere', async () => {
    const removed = `${pool}-2`;
    // Three pods spread over three nodes (LeastAllocated + default spreading): one of them is on the node to go.
    const before: any[] = (await getJson(['-n', ns, 'pods', '-l', 'app=sim'])).items;
    expect(before.some((p) => p.spec.nodeName === removed)).toBe(true);
    expect((await kubectl(['patch', 'nodepool', pool, '--type=merge', '-p', '{"spec":{"nodes":2}}'])).stdout).toBe(`nodepool.kubeflare.dev/${pool} patched\n`);
    await poll(async () => (await poolNodes(pool)).map((n) => n.metadata.name).join() === `${pool}-0,${pool}-1`, 15_000, `${removed} to be removed`);
    // The Lease is owned by its Node: the garbage collector removes it.
    await poll(async () => (await kubectl(['-n', 'kube-node-lease', 'get', 'lease', removed], { allowFail: true })).stderr.includes('NotFound'), 15_000, `lease ${removed} to go`);
    const status = await poll(async () => {
      const np = await getJson(['nodepool', pool]);
      return np.status?.nodes === 2 ? np.status : undefined;
    }, 10_000, 'the pool status to count 2 nodes');
    expect(status.readyNodes).toBe(2);
    // A clean removal drains the node first (as cluster-autoscaler does): no pod stays bound to a node that no
    // longer exists (PodGC's 40s quarantine is only the backstop for nodes that vanish), and the Deployment is
    // whole again on the nodes left.
    await poll(async () => {
      const items: any[] = (await getJson(['-n', ns, 'pods', '-l', 'app=sim'])).items;
      const live = items.filter((p) => !p.metadata.deletionTimestamp);
      return items.every((p) => p.spec.nodeName !== removed) && live.length === 3 && live.every((p) => p.status.phase === 'Running');
    }, 20_000, `the pods of ${removed} to be replaced`);
    expect((await getJson(['-n', ns, 'deployment', 'sim'])).status.availableReplicas).toBe(3);
  }, 45_000);
});
