import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { networkCondition, networkConditionPatch, parseFlannelConfig } from '../../../shared/network';

const node = (podCIDR?: string, conditions: Node['status'] = {}): Node => ({
  metadata: { name: 'n1' },
  spec: podCIDR ? { podCIDR } : {},
  status: { addresses: [{ type: 'InternalIP', address: '10.0.0.11' }], ...conditions },
});
const valid = parseFlannelConfig('{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}');

describe('NetworkUnavailable as flanneld leaves it', () => {
  it('with its lease: False, FlannelIsUp, "Flannel is running on this node" (kube.go)', () => {
    expect(networkCondition(valid, node('10.244.3.0/24'))).toEqual({ status: 'False', reason: 'FlannelIsUp', message: 'Flannel is running on this node' });
  });
  it.each([
    ['{"Network":"10.244.0.0/29"}', 'network is too small. Minimum useful network prefix is /28'],
    ['{"Network":"10.244.0.0/16","Backend":{"Type":"vxlon"}}', 'unknown backend type: vxlon'],
    ['{"Network":"10.244.0.0/16","SubnetLen":15}', 'network must be able to accommodate at least four subnets'],
  ])('an invalid net-conf.json %s: True with flanneld\'s fatal error', (json, error) => {
    const conf = parseFlannelConfig(json);
    expect(conf.ok).toBe(false);
    expect(networkCondition(conf, node('10.244.3.0/24'))).toEqual({ status: 'True', reason: 'NoRouteCreated', message: `Failed to create SubnetManager: error parsing subnet config: ${error}` });
  });
  it("a podCIDR outside the Network: AcquireLease's error; no podCIDR yet: nothing to say", () => {
    expect(networkCondition(valid, node('10.9.0.0/24'))?.message).toBe('failed to acquire lease: subnet "10.244.0.0/16" specified in the flannel net config doesn\'t contain "10.9.0.0/24" PodCIDR of the "n1" node');
    expect(networkCondition(valid, node())).toBeUndefined();
    // a bare Node object (no kubelet reports addresses) runs no flanneld, whatever the config
    const bare: Node = { metadata: { name: 'bare' }, spec: { podCIDR: '10.244.9.0/24' } };
    expect(networkCondition(valid, bare)).toBeUndefined();
    expect(networkCondition(parseFlannelConfig('{"Network":"x"}'), bare)).toBeUndefined();
  });
  it('patches only on a difference, keeping the transition time while the status holds', () => {
    const up = networkConditionPatch(node('10.244.3.0/24'), networkCondition(valid, node('10.244.3.0/24')), 't1')!;
    expect(up).toMatchObject({ type: 'NetworkUnavailable', status: 'False', lastTransitionTime: 't1', lastHeartbeatTime: 't1' });
    const withUp = node('10.244.3.0/24', { conditions: [up] });
    expect(networkConditionPatch(withUp, networkCondition(valid, withUp), 't2')).toBeUndefined();
    const down = networkConditionPatch(withUp, { status: 'True', reason: 'NoRouteCreated', message: 'x' }, 't3')!;
    expect(down).toMatchObject({ status: 'True', lastTransitionTime: 't3' });
  });
});
