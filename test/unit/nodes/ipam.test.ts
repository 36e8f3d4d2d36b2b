import { describe, expect, it } from 'vitest';
import { applyNodeIpamPlan, maxNodeCidrs, newNodeIpam, planNodeCidrs, type NodeIpamInput, type NodeIpamState } from '../../../shared/nodes/node-ipam';
import { allocatePodIP, newHostLocal, releasePodIP, type HostLocalState } from '../../../shared/nodes/host-local';

type Ipam = ReturnType<typeof newNodeIpam>;

/** Plans `inputs` against `s`, applies the plan, and returns what it decided. */
function run(s: Ipam, inputs: NodeIpamInput[], now = 0) {
  const plan = planNodeCidrs(s, inputs, now);
  applyNodeIpamPlan(s, plan);
  return plan;
}
const cidrs = (plan: ReturnType<typeof planNodeCidrs>) => plan.outcomes.map((o) => ('podCIDR' in o ? o.podCIDR : o.error));

describe('node IPAM range allocator', () => {
  it('hands out /24s in order, keeps a node\'s CIDR, never rewinds on release', () => {
    const s = newNodeIpam('10.244.0.0/16', 24);
    expect(maxNodeCidrs(s)).toBe(256);
    expect(cidrs(run(s, [{ node: 'a' }, { node: 'b' }, { node: 'c' }]))).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    expect(cidrs(run(s, [{ node: 'b' }]))).toEqual(['10.244.1.0/24']);
    run(s, [{ node: 'a', gone: true }]);
    expect(s.allocated.has('a')).toBe(false);
    expect(cidrs(run(s, [{ node: 'd' }]))).toEqual(['10.244.3.0/24']);
  });

  it('wraps to released CIDRs and reports CIDRNotAvailable when exhausted', () => {
    const s = newNodeIpam('10.0.0.0/30', 31);
    const full = run(s, [{ node: 'a' }, { node: 'b' }, { node: 'c' }], 1234);
    expect(cidrs(full)).toEqual(['10.0.0.0/31', '10.0.0.2/31', 'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range']);
    expect(full.outcomes[2]).toMatchObject({ node: 'c', event: { type: 'Normal', reason: 'CIDRNotAvailable', message: 'Node c status is now: CIDRNotAvailable', atMs: 1234 } });
    expect(cidrs(run(s, [{ node: 'a', gone: true }, { node: 'c' }]))).toEqual(['10.0.0.0/31']);
  });

  it('occupies existing podCIDRs and rejects foreign ones, within a batch too', () => {
    const s = newNodeIpam();
    const o = run(s, [{ node: 'x', podCIDR: '10.244.5.0/24' }, { node: 'y', podCIDR: '10.244.5.0/24' }, { node: 'z', podCIDR: '10.99.0.0/24' }]);
    expect(s.allocated.get('x')).toBe(5);
    expect(o.errors).toEqual(['podCIDR 10.244.5.0/24 of node y is already allocated to node x', 'cidr 10.99.0.0/24 is out the range of cluster cidr 10.244.0.0/16']);
    expect(o.outcomes).toEqual([]);
    // a node that already has a podCIDR is never given one; a released index is free again
    run(s, [{ node: 'x', gone: true }]);
    expect(run(s, [{ node: 'y', podCIDR: '10.244.5.0/24' }]).errors).toEqual([]);
    expect(s.holders.get(5)).toBe('y');
  });

  it('a batch frees before it allocates in input order, and skips indexes taken earlier in the same batch', () => {
    const s = newNodeIpam('10.0.0.0/29', 31); // four CIDRs
    run(s, [{ node: 'a' }, { node: 'b' }, { node: 'c' }, { node: 'd' }]);
    const plan = run(s, [{ node: 'b', gone: true }, { node: 'e' }, { node: 'f' }]);
    expect(cidrs(plan)).toEqual(['10.0.0.2/31', CIDR_EXHAUSTED]);
    expect([...s.holders.entries()].sort()).toEqual([[0, 'a'], [1, 'e'], [2, 'c'], [3, 'd']]);
  });

  it('reads the allocator by key only: a batch costs the same over 30,000 held CIDRs', () => {
    let gets = 0;
    const lookup = <K, V>(f: (k: K) => V | undefined) => ({ get: (k: K) => (gets++, f(k)) });
    // every index below 30,000 is held by node-<index>; nothing can be iterated
    const state: NodeIpamState = {
      clusterCIDR: '10.128.0.0/9',
      nodeMaskSize: 24,
      nextCandidate: 30_000,
      allocated: lookup((n: string) => (/^node-\d+$/.test(n) ? Number(n.slice(5)) : undefined)),
      holders: lookup((i: number) => (i < 30_000 ? `node-${i}` : undefined)),
    };
    const plan = planNodeCidrs(state, [{ node: 'new-1' }, { node: 'new-2' }, { node: 'node-7', podCIDR: '10.128.7.0/24' }]);
    expect(cidrs(plan)).toEqual(['10.245.48.0/24', '10.245.49.0/24']);
    expect(plan.changes).toEqual([['new-1', 30_000], ['new-2', 30_001]]);
    expect(plan.nextCandidate).toBe(30_002);
    expect(gets).toBeLessThan(12);
  });

  it.each([[16, 33, 'too big'], [24, 16, 'too small']] as const)('cluster /%d node /%d → cidrset error', (c, m, msg) => {
    expect(() => newNodeIpam(`10.0.0.0/${c}`, m)).toThrow(msg);
  });
});

const CIDR_EXHAUSTED = 'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

describe('CNI host-local', () => {
  it('skips network and gateway, allocates round robin, resumes after the last reserved', () => {
    let s: HostLocalState = newHostLocal('10.244.1.0/24');
    const ips: string[] = [];
    for (const id of ['p1', 'p2', 'p3']) { const r = allocatePodIP(s, id); if (!r.ok) throw new Error(r.error); s = r.state; ips.push(r.ip); }
    expect(ips).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4']);
    s = releasePodIP(s, 'p1');
    const r = allocatePodIP(s, 'p4');
    expect(r.ok && [r.ip, r.gateway, r.cidr]).toEqual(['10.244.1.5', '10.244.1.1', '10.244.1.5/24']);
  });

  it('wraps round the range and reports exhaustion with upstream wording', () => {
    let s = newHostLocal('10.1.0.0/29'); // usable .2-.6 (gateway .1, broadcast .7)
    const got: string[] = [];
    for (let i = 0; i < 5; i++) { const r = allocatePodIP(s, `c${i}`); if (r.ok) { s = r.state; got.push(r.ip); } }
    expect(got).toEqual(['10.1.0.2', '10.1.0.3', '10.1.0.4', '10.1.0.5', '10.1.0.6']);
    const full = allocatePodIP(s, 'c9');
    expect(!full.ok && full.error).toBe('failed to allocate for range 0: no IP addresses available in range set: 10.1.0.1-10.1.0.6');
    s = releasePodIP(s, 'c1');
    const again = allocatePodIP(s, 'c9');
    expect(again.ok && again.ip).toBe('10.1.0.3');
  });

  it('rejects duplicate ADD, DEL is idempotent, tiny networks rejected', () => {
    const r = allocatePodIP(newHostLocal('10.0.0.0/24'), 'c1');
    if (!r.ok) throw new Error();
    const dup = allocatePodIP(r.state, 'c1');
    expect(!dup.ok && dup.error).toBe('10.0.0.2 has been allocated to c1, duplicate allocation is not allowed');
    expect(releasePodIP(releasePodIP(r.state, 'c1'), 'c1').allocations).toEqual({});
    expect(() => newHostLocal('10.0.0.0/31')).toThrow('Network 10.0.0.0/31 too small to allocate from');
  });

  it('state survives a JSON round trip', () => {
    const r = allocatePodIP(newHostLocal('10.0.0.0/24'), 'c1');
    if (!r.ok) throw new Error();
    const back = JSON.parse(JSON.stringify(r.state)) as HostLocalState;
    const n = allocatePodIP(back, 'c2');
    expect(n.ok && n.ip).toBe('10.0.0.3');
  });
});
