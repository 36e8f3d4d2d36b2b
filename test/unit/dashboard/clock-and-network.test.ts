import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { askedSpeed, clusterTimeText, paceText, SPEEDS, speedOptions } from '../../../dashboard/src/model/clock-display';
import { routablePods, subnetRows } from '../../../dashboard/src/model/network-rows';
import { MAX_SPEED } from '../../../shared/clock/cluster-clock';

describe('clock display', () => {
  it('offers the preset speeds up to the maximum the clock accepts, plus one set by kubectl', () => {
    expect(SPEEDS.at(-1)).toBe(MAX_SPEED);
    expect(speedOptions(60)).toEqual([...SPEEDS]);
    expect(speedOptions(45)).toEqual([1, 2, 5, 10, 30, 45, 60, 120, 300, 600, 1000]);
  });
  it('pace in a word, cluster time in UTC to the second', () => {
    expect(paceText({ speed: 1, paused: false })).toBe('real time');
    expect(paceText({ speed: 60, paused: false })).toBe('×60');
    expect(paceText({ speed: 60, paused: true })).toBe('paused');
    // keepUp slowed it: the speed in effect, and the one asked for
    expect(paceText({ speed: 30, paused: false }, askedSpeed({ speed: 60 }, 30))).toBe('×30 (×60 asked)');
    expect(paceText({ speed: 1, paused: false }, askedSpeed({ speed: 4 }, 1))).toBe('real time (×4 asked)');
    expect(paceText({ speed: 60, paused: false }, askedSpeed(undefined, 60))).toBe('×60');
    expect(clusterTimeText(Date.UTC(2030, 0, 2, 3, 4, 5, 999))).toBe('2030-01-02 03:04:05 UTC');
  });
});

describe('pod network rows', () => {
  const node = (name: string, cidr?: string, annotations: Record<string, string> = {}): Node => ({ metadata: { name, annotations, labels: { 'topology.kubernetes.io/zone': 'z' } }, spec: { podCIDR: cidr } });
  const pod = (name: string, nodeName?: string, ip?: string, hostNetwork = false): Pod => ({ metadata: { name, namespace: 'a' }, spec: { nodeName, hostNetwork, containers: [] }, status: { podIP: ip } });
  const pods = [pod('web-2', 'n-1', '10.244.1.2'), pod('web-10', 'n-1', '10.244.1.3'), pod('pending'), pod('agent', 'n-1', '10.0.0.11', true)];

  it("each node's pod subnet, flannel's lease annotations and its pods on the pod network", () => {
    const rows = subnetRows([node('n-10'), node('n-1', '10.244.1.0/24', { 'flannel.alpha.coreos.com/backend-type': 'vxlan', 'flannel.alpha.coreos.com/public-ip': '10.0.0.11' })], pods);
    expect(rows).toEqual([
      { node: 'n-1', zone: 'z', podCIDR: '10.244.1.0/24', backend: 'vxlan', publicIP: '10.0.0.11', pods: 2 },
      { node: 'n-10', zone: 'z', podCIDR: '', backend: undefined, publicIP: undefined, pods: 0 },
    ]);
  });
  it('a path can start or end only at a placed pod with an address, a host-network one too (the node\'s traffic)', () => {
    expect(routablePods(pods).map((p) => p.metadata?.name)).toEqual(['agent', 'web-2', 'web-10']);
  });
});
