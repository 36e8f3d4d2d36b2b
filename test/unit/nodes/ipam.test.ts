import { describe, expect, it } from 'vitest';
import { allocateNodeCidr, maxNodeCidrs, newNodeIpam, occupyNodeCidr, releaseNodeCidr, type NodeIpamState } from '../../../shared/nodes/node-ipam';
import { allocatePodIP, newHostLocal, releasePodIP, type HostLocalState } from '../../../shared/nodes/host-local';

describe('node IPAM range allocator', () => {
  it('hands out /24s in order, keeps a node\'s CIDR, never rewinds on release', () => {
    let s = newNodeIpam('10.244.0.0/16', 24);
    expect(maxNodeCidrs(s)).toBe(256);
    const got: string[] = [];
    for (const n of ['a', 'b', 'c']) {
      const r = allocateNodeCidr(s, n);
      if (!r.ok) throw new Error(r.error);
      s = r.state;
      got.push(r.podCIDR);
    }
    expect(got).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    const again = allocateNodeCidr(s, 'b');
    expect(again.ok && again.podCIDR).toBe('10.244.1.0/24');
    s = releaseNodeCidr(s, 'a');
    const d = allocateNodeCidr(s, 'd');
    expect(d.ok && d.podCIDR).toBe('10.244.3.0/24');
  });

  it('wraps to released CIDRs and reports CIDRNotAvailable when exhausted', () => {
    let s: NodeIpamState = newNodeIpam('10.0.0.0/30', 31);
    for (const n of ['a', 'b']) { const r = allocateNodeCidr(s, n); if (r.ok) s = r.state; }
    const full = allocateNodeCidr(s, 'c', 1234);
    expect(full.ok).toBe(false);
    if (!full.ok) {
      expect(full.error).toBe('CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range');
      expect(full.event).toEqual({ type: 'Normal', reason: 'CIDRNotAvailable', message: 'Node c status is now: CIDRNotAvailable', atMs: 1234 });
    }
    s = releaseNodeCidr(s, 'a');
    const c = allocateNodeCidr(s, 'c');
    expect(c.ok && c.podCIDR).toBe('10.0.0.0/31');
  });

  it('occupies existing podCIDRs at startup and rejects foreign ones', () => {
    const s = newNodeIpam();
    const o = occupyNodeCidr(s, 'x', '10.244.5.0/24');
    expect(o.error).toBeUndefined();
    expect(o.state.allocated['x']).toBe(5);
    expect(occupyNodeCidr(o.state, 'y', '10.244.5.0/24').error).toMatch(/already allocated to node x/);
    expect(occupyNodeCidr(s, 'y', '10.99.0.0/24').error).toMatch(/out the range/);
  });

  it.each([[16, 33, 'too big'], [24, 16, 'too small']] as const)('cluster /%d node /%d → cidrset error', (c, m, msg) => {
    expect(() => newNodeIpam(`10.0.0.0/${c}`, m)).toThrow(msg);
  });
});

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
