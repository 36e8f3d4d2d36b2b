import { describe, expect, it } from 'vitest';
import { maxNodeCidrs, planNodeCidrs, reconfigureNodeIpam } from '../../../shared/nodes/node-ipam';

describe('node IPAM over a range taken from the cluster network configuration', () => {
  it('a 10.0.0.0/8 cluster CIDR at /24 holds 65536 nodes; existing podCIDRs inside it stay taken, others are reported', () => {
    const { state, errors } = reconfigureNodeIpam('10.0.0.0/8', 24, { a: '10.0.0.0/24', b: '192.168.3.0/24' });
    expect(maxNodeCidrs(state)).toBe(65536);
    expect([...state.allocated]).toEqual([['a', 0]]);
    expect(errors).toEqual(['cidr 192.168.3.0/24 is out the range of cluster cidr 10.0.0.0/8']);
    expect(planNodeCidrs(state, [{ node: 'c' }]).outcomes).toEqual([{ node: 'c', podCIDR: '10.0.1.0/24' }]);
  });

  it('a /26 node mask in a /24 network: four CIDRs, a node\'s /24 from the old range is out of it', () => {
    const { state, errors } = reconfigureNodeIpam('10.244.0.0/24', 26, { old: '10.244.0.0/24' });
    expect(maxNodeCidrs(state)).toBe(4);
    expect(errors).toEqual(['cidr 10.244.0.0/24 is out the range of cluster cidr 10.244.0.0/24']);
  });

  it('an unusable range throws as newNodeIpam does', () => {
    expect(() => reconfigureNodeIpam('10.0.0.0/8', 25, {})).toThrow('New CIDR set failed; the node CIDR size is too big');
  });
});
