import { describe, expect, it } from 'vitest';
import { nodePoolController } from '../../durable-objects/controllers/node-pool-controller';
import { noticeOf } from '../../shared/apiserver/change-notice';
import { settle } from './controllers';
import { countingContext, type StoreCall } from './counting-context';
import { api, freshNamespace } from './helpers';

const POOLS = '/apis/kubeflare.dev/v1alpha1/nodepools';

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const toInt = (s: string) => s.split('.').reduce((n, p) => n * 256 + Number(p), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base!) / size);
}

describe('simulated node pool', () => {
  it('rejects impossible pools with 422 naming the field', async () => {
    const r = await api('POST', POOLS, { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'bad' }, spec: { nodes: -1 } });
    expect(r.status).toBe(422);
    expect(r.body.details.causes[0].field).toBe('spec.nodes');
  });

  it('takes a pool larger than the pod network can hold, creates none of its nodes, and says why in a FailedCreate event', async () => {
    // admission cannot see kube-flannel-cfg (another store); the controller counts against it: flannel's default 10.244.0.0/16 at /24
    const r = await api('POST', POOLS, { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'huge' }, spec: { nodes: 300 } });
    expect(r.status).toBe(201);
    const told = async () =>
      ((await api('GET', '/api/v1/namespaces/default/events')).body.items as any[]).find((e) => e.involvedObject?.name === 'huge' && e.reason === 'FailedCreate');
    await settle(async () => Boolean(await told()));
    expect((await told()).message).toMatch(/^Error creating: NodePool.kubeflare.dev "huge" is invalid: spec.nodes: Invalid value: 300: must be no more than 25[0-9]: cluster CIDR 10.244.0.0\/16 has room for 256 node CIDRs of size \/24/);
    expect((await api('GET', '/api/v1/nodes?labelSelector=kubeflare.dev%2Fnode-pool%3Dhuge')).body.items).toEqual([]);
    expect((await api('DELETE', `${POOLS}/huge`)).status).toBe(200);
  });

  it('counts the other pools\' nodes from its address table, without listing every pool node', async () => {
    // too large for the default 10.244.0.0/16 as well, so the running NodePool host refuses it too and creates nothing
    expect((await api('POST', POOLS, { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'counted' }, spec: { nodes: 300 } })).status).toBe(201);
    const calls: string[] = [];
    const log: StoreCall[] = [];
    const memo: Record<string, unknown> = { addressesSynced: true };
    const ctx = countingContext(calls, 'node-pool', log, memo);
    // this host's view: a /22 pod network (four node CIDRs), and three nodes of other pools holding addresses
    memo.flannelConfig = { at: ctx.now, result: { ok: true, config: { network: '10.251.0.0/22', subnetLen: 24 } } };
    for (const [i, node] of ['other-0', 'other-1', 'other-2'].entries()) ctx.rows<number>('nodeIPs').put(node, 10 + i);
    expect(await nodePoolController.reconcile('counted', ctx)).toEqual({ requeueAfterMs: 30_000 });
    const lists = log.filter((c) => c.call === 'cluster.list').map((c) => (c.args[0] as { labelSelector?: string }).labelSelector);
    expect(lists).toEqual(['kubeflare.dev/node-pool=counted']);
    const events = (await api('GET', '/api/v1/namespaces/default/events')).body.items as any[];
    expect(events.map((e) => e.message)).toContain(
      'Error creating: NodePool.kubeflare.dev "counted" is invalid: spec.nodes: Invalid value: 300: must be no more than 1: cluster CIDR 10.251.0.0/22 has room for 4 node CIDRs of size /24 and 3 are taken by other pools',
    );
    // the refused pool's would-be addresses went back: only the other pools' three are held
    expect(ctx.rows<number>('nodeIPs').size).toBe(3);
    expect((await api('DELETE', `${POOLS}/counted`)).status).toBe(200);
  });

  it("hears a node's Ready change, not its kubelet's heartbeat-only reports: a settled pool lists its nodes only on its repair resync", async () => {
    await api('POST', POOLS, { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'steady' }, spec: { nodes: 1 } });
    const node = async () => (await api('GET', '/api/v1/nodes?labelSelector=kubeflare.dev%2Fnode-pool%3Dsteady')).body.items[0] as any;
    await settle(async () => Boolean((await node())?.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True')));
    const before = await node();
    const next = (edit: (conditions: any[]) => any[]) => ({ ...structuredClone(before), metadata: { ...before.metadata, resourceVersion: String(Number(before.metadata.resourceVersion) + 1) }, status: { ...before.status, conditions: edit(structuredClone(before.status.conditions)) } });
    const later = '2099-01-01T00:05:00Z';
    const report = next((cs) => cs.map((c) => ({ ...c, lastHeartbeatTime: later })));
    const notReady = next((cs) => cs.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastHeartbeatTime: later, lastTransitionTime: later } : c)));
    const hears = (obj: any) => {
      const n = noticeOf('nodes', 'MODIFIED', obj, before);
      return (nodePoolController.wants?.(n) ?? true) ? nodePoolController.keysFor(n) : [];
    };
    expect({ report: hears(report), notReady: hears(notReady), added: nodePoolController.keysFor(noticeOf('nodes', 'ADDED', before)) }).toEqual({ report: [], notReady: ['steady'], added: ['steady'] });
    expect((await api('DELETE', `${POOLS}/steady`)).status).toBe(200);
  }, 30_000);

  it('registers Ready nodes with zones, leases and pod CIDRs, and runs a Deployment on them', async () => {
    await api('POST', POOLS, { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'sim' }, spec: { nodes: 2 } });
    const nodes = async () => (await api('GET', '/api/v1/nodes?labelSelector=kubeflare.dev%2Fnode-pool%3Dsim')).body.items as any[];
    await settle(async () => {
      const ns = await nodes();
      return ns.length === 2 && ns.every((n) => n.spec.podCIDR && n.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True'));
    });
    const [n0, n1] = await nodes();
    expect(n0.metadata.labels['topology.kubernetes.io/zone']).toBe('zone-a');
    expect(n1.metadata.labels['topology.kubernetes.io/zone']).toBe('zone-b');
    expect(n0.spec.podCIDR).not.toBe(n1.spec.podCIDR);
    expect((await api('GET', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${n0.metadata.name}`)).status).toBe(200);

    const ns = await freshNamespace();
    await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } },
      },
    });
    const pods = async () => (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items as any[];
    await settle(async () => {
      const ps = await pods();
      return ps.length === 2 && ps.every((p) => p.status.phase === 'Running' && p.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
    }, 20_000);
    const cidrs = Object.fromEntries((await nodes()).map((n) => [n.metadata.name, n.spec.podCIDR]));
    for (const p of await pods()) {
      expect(cidrs[p.spec.nodeName]).toBeDefined();
      expect(inCidr(p.status.podIP, cidrs[p.spec.nodeName])).toBe(true);
    }
    const events = (await api('GET', `/api/v1/namespaces/${ns}/events`)).body.items.map((e: any) => e.reason);
    expect(events).toEqual(expect.arrayContaining(['Scheduled', 'Pulled', 'Created', 'Started']));
    await settle(async () => (await api('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).body.status?.availableReplicas === 2);

    // scaling the pool down removes the newest node
    await api('PATCH', `${POOLS}/sim`, { spec: { nodes: 1 } }, 'application/merge-patch+json');
    await settle(async () => (await nodes()).length === 1);
    expect((await nodes())[0].metadata.name).toBe('sim-0');
  }, 60_000);
});
