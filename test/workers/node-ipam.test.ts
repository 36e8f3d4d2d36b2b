// Node IPAM (the range allocator) as it runs: podCIDRs for a batch of nodes at once, a podCIDR a node has
// kept, CIDRNotAvailable when the range is spent and a waiting node served when another goes; and what a
// batch costs: a node the allocator already gave a podCIDR to is not read again on its status changes.
import { describe, expect, it } from 'vitest';
import { nodeIpamController } from '../../durable-objects/controllers/node-ipam-controller';
import type { StoreResult, WriteResult } from '../../shared/apiserver/store-protocol';
import { settle } from './controllers';
import { countingContext } from './counting-context';
import { api } from './helpers';

const node = (name: string, podCIDR?: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, ...(podCIDR ? { spec: { podCIDR, podCIDRs: [podCIDR] } } : {}) });
const getNode = async (name: string) => (await api('GET', `/api/v1/nodes/${name}`)).body;

describe('node IPAM controller', () => {
  it('gives a batch of new nodes distinct podCIDRs, keeps one a node already has, and tells CIDRNotAvailable once the range is spent', async () => {
    // flannel's Network as the cluster CIDR, set before any node: a /19 at /24 holds 32 podCIDRs
    const cfg = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel' }, data: { 'net-conf.json': JSON.stringify({ Network: '10.250.0.0/19', SubnetLen: 24, Backend: { Type: 'vxlan' } }) } };
    await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-flannel' } });
    expect((await api('POST', '/api/v1/namespaces/kube-flannel/configmaps', cfg)).status).toBe(201);
    const names = Array.from({ length: 31 }, (_, i) => `ipam-${i}`);
    expect((await api('POST', '/api/v1/nodes', node('ipam-own', '10.250.20.0/24'))).status).toBe(201);
    for (const n of names) expect((await api('POST', '/api/v1/nodes', node(n))).status).toBe(201);
    const cidrOf = async (names: string[]) => Promise.all(names.map(async (n) => (await getNode(n)).spec?.podCIDR as string | undefined));
    await settle(async () => (await cidrOf(names)).every(Boolean), 15_000);
    const cidrs = await cidrOf(names);
    expect(new Set(cidrs).size).toBe(names.length);
    for (const c of cidrs) expect(c).toMatch(/^10\.250\.\d+\.0\/24$/);
    expect(cidrs).not.toContain('10.250.20.0/24');
    expect((await getNode('ipam-own')).spec.podCIDR).toBe('10.250.20.0/24');
    expect((await getNode(names[0]!)).spec.podCIDRs).toEqual([cidrs[0]]);

    expect((await api('POST', '/api/v1/nodes', node('ipam-late'))).status).toBe(201);
    const told = async () => ((await api('GET', '/api/v1/namespaces/default/events')).body.items as any[]).filter((e) => e.involvedObject?.name === 'ipam-late' && e.reason === 'CIDRNotAvailable');
    await settle(async () => (await told()).length > 0, 15_000);
    expect((await told())[0]).toMatchObject({ type: 'Normal', message: 'Node ipam-late status is now: CIDRNotAvailable', source: { component: 'cidrAllocator' } });
    expect((await getNode('ipam-late')).spec?.podCIDR).toBeUndefined();

    // a node going gives its CIDR back, and the waiting node gets it without waiting for its 5-minute retry
    const freed = (await getNode('ipam-7')).spec.podCIDR;
    expect((await api('DELETE', '/api/v1/nodes/ipam-7')).status).toBe(200);
    await settle(async () => (await getNode('ipam-late')).spec?.podCIDR === freed, 15_000);
    expect((await told()).length).toBe(1);

    // a write that meets a changed node (409) is read and written again in the same batch. The range above is
    // spent, so only this allocator (its own view: 10.252.0.0/16) gives the new node a podCIDR
    expect((await api('POST', '/api/v1/nodes', node('ipam-conflict'))).status).toBe(201);
    const calls: string[] = [];
    const memo: Record<string, unknown> = {};
    const ctx = countingContext(calls, 'node-ipam', undefined, memo);
    memo.flannelConfig = { at: ctx.now, result: { ok: true, config: { network: '10.252.0.0/16', subnetLen: 24 } } };
    const store = ctx.store;
    let conflicts = 1;
    ctx.store = (name) => {
      const s = store(name);
      const updateMany: typeof s.updateMany = async (reqs) => (conflicts-- > 0 ? reqs.map(() => ({ ok: false, status: { apiVersion: 'v1', kind: 'Status', status: 'Failure', code: 409, reason: 'Conflict', message: 'the object has been modified' } }) as StoreResult<WriteResult>) : s.updateMany(reqs));
      return { ...s, get: s.get, updateMany };
    };
    nodeIpamController.observe!([{ resource: 'nodes', type: 'ADDED', name: 'ipam-conflict', uid: 'u', resourceVersion: '1' }], memo);
    expect(await nodeIpamController.reconcileBatch!(['ipam-conflict'], ctx)).toEqual({});
    expect((await getNode('ipam-conflict')).spec.podCIDR).toBe('10.252.0.0/24');
    expect(ctx.rows<number>('allocated').get('ipam-conflict')).toBe(0);
    expect(calls.filter((c) => c === 'cluster.get')).toHaveLength(2);
  });

  it('does not read a node it gave a podCIDR to when only its status changed; a node gone is read once and released', async () => {
    const calls: string[] = [];
    const memo: Record<string, unknown> = {};
    const ctx = countingContext(calls, 'node-ipam', undefined, memo);
    const tag = ctx.now.toString(36);
    const [held, gone] = [`held-${tag}`, `gone-${tag}`];
    // the allocator of this context holds both (its own rows), under the range the cluster runs with
    await nodeIpamController.reconcileBatch!([], ctx);
    calls.length = 0;
    const allocated = ctx.rows<number>('allocated');
    allocated.put(held, 3000);
    allocated.put(gone, 3001);
    nodeIpamController.observe!(
      [
        { resource: 'nodes', type: 'MODIFIED', name: held, uid: 'u1', resourceVersion: '1' },
        { resource: 'nodes', type: 'DELETED', name: gone, uid: 'u2', resourceVersion: '2' },
      ],
      memo,
    );
    // status changes are not even sent to the allocator; nodes added and gone are
    expect(['ADDED', 'MODIFIED', 'DELETED'].map((type) => nodeIpamController.wants!({ resource: 'nodes', type: type as 'ADDED', name: held, uid: 'u1', resourceVersion: '1' }))).toEqual([true, false, true]);
    const results = await nodeIpamController.reconcileBatch!([held, gone], ctx);
    expect(results[held]).toBeUndefined();
    expect(calls.filter((c) => !c.includes('configmaps'))).toEqual(['cluster.get']);
    expect(allocated.get(held)).toBe(3000);
    expect(allocated.get(gone)).toBeUndefined();
    // a resync's key (no notice) of a node holding a CIDR costs nothing either
    calls.length = 0;
    await nodeIpamController.reconcileBatch!([held], ctx);
    expect(calls.filter((c) => !c.includes('configmaps'))).toEqual([]);

    // a node with a podCIDR the allocator cannot take is read when it appears, then left alone as well
    const foreign = `foreign-${tag}`;
    expect((await api('POST', '/api/v1/nodes', node(foreign, '192.168.7.0/24'))).status).toBe(201);
    nodeIpamController.observe!([{ resource: 'nodes', type: 'ADDED', name: foreign, uid: 'u3', resourceVersion: '3' }], memo);
    calls.length = 0;
    await nodeIpamController.reconcileBatch!([foreign], ctx);
    expect(calls.filter((c) => !c.includes('configmaps'))).toEqual(['cluster.get']);
    expect(allocated.get(foreign)).toBeUndefined();
    nodeIpamController.observe!([{ resource: 'nodes', type: 'MODIFIED', name: foreign, uid: 'u3', resourceVersion: '4' }], memo);
    calls.length = 0;
    await nodeIpamController.reconcileBatch!([foreign], ctx);
    expect(calls.filter((c) => !c.includes('configmaps'))).toEqual([]);
    expect((await getNode(foreign)).spec.podCIDR).toBe('192.168.7.0/24');
    await api('DELETE', `/api/v1/nodes/${foreign}`);
  });
});
