import { describe, expect, it } from 'vitest';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { date, FakeCluster, node, readyCond, zoneLabels } from './harness';

// TestMonitorNodeHealth (node_lifecycle_controller_test.go): zone states after a first pass at
// fakeNow and after a second one an hour later with new node statuses.
const fakeNow = date(2015, 1, 1, 12);
const hour = 3_600_000;
const healthy = [readyCond('True', fakeNow + hour, fakeNow)];
const unhealthy = [readyCond('Unknown', fakeNow)];
const zone = (region: string, z: string) => `${region}:\0:${z}`;
const at = (name: string, labels: Record<string, string> | undefined, status?: string): Node =>
  node(name, fakeNow, status ? [readyCond(status, fakeNow)] : undefined, labels);
const z1 = zoneLabels('zone1');

interface Row {
  nodes: Node[];
  updated: NodeCondition[][];
  initial: Record<string, string>;
  following: Record<string, string>;
}

describe('TestMonitorNodeHealth', () => {
  it.each<[string, Row]>([
    [
      'No Disruption: Node created recently without failure domain labels (happens only at cluster startup)',
      { nodes: [at('node0', undefined, 'True')], updated: [healthy], initial: { '': 'Normal' }, following: { '': 'Normal' } },
    ],
    [
      'No Disruption: Initially both zones down, one comes back',
      {
        nodes: [at('node0', z1, 'Unknown'), at('node1', zoneLabels('zone2'), 'Unknown')],
        updated: [unhealthy, healthy],
        initial: { [zone('region1', 'zone1')]: 'FullDisruption', [zone('region1', 'zone2')]: 'FullDisruption' },
        following: { [zone('region1', 'zone1')]: 'FullDisruption', [zone('region1', 'zone2')]: 'Normal' },
      },
    ],
    [
      'Partial Disruption: Nodes created recently without status conditions (happens only at cluster startup)',
      {
        nodes: [at('node0', z1), at('node1', z1), at('node2', z1), at('node3', z1)],
        updated: [unhealthy, unhealthy, unhealthy, healthy],
        initial: { [zone('region1', 'zone1')]: 'FullDisruption' },
        following: { [zone('region1', 'zone1')]: 'PartialDisruption' },
      },
    ],
    [
      'Partial Disruption: one Node failed leading to the number of healthy Nodes to exceed the configured threshold',
      {
        nodes: [at('node0', z1, 'Unknown'), at('node1', z1, 'Unknown'), at('node2', z1, 'True'), at('node3', z1, 'True'), at('node4', z1, 'True')],
        updated: [unhealthy, unhealthy, unhealthy, healthy, healthy],
        initial: { [zone('region1', 'zone1')]: 'Normal' },
        following: { [zone('region1', 'zone1')]: 'PartialDisruption' },
      },
    ],
    [
      'Full Disruption: the zone has less than 2 Nodes down, the last healthy Node has failed',
      {
        nodes: [at('node0', z1, 'Unknown'), at('node1', z1, 'Unknown'), at('node2', z1, 'True')],
        updated: [unhealthy, unhealthy, unhealthy],
        initial: { [zone('region1', 'zone1')]: 'Normal' },
        following: { [zone('region1', 'zone1')]: 'FullDisruption' },
      },
    ],
    [
      'Full Disruption: all the Nodes in one zone are down',
      {
        nodes: [at('node0', z1, 'Unknown'), at('node1', zoneLabels('zone2'), 'True')],
        updated: [unhealthy, healthy],
        initial: { [zone('region1', 'zone1')]: 'FullDisruption', [zone('region1', 'zone2')]: 'Normal' },
        following: { [zone('region1', 'zone1')]: 'FullDisruption', [zone('region1', 'zone2')]: 'Normal' },
      },
    ],
    [
      'Full Disruption: all the Nodes in both the zones are down',
      {
        nodes: [at('node0', z1, 'Unknown'), at('node1', zoneLabels('zone2', 'region2'), 'Unknown')],
        updated: [unhealthy, unhealthy],
        initial: { [zone('region1', 'zone1')]: 'FullDisruption', [zone('region2', 'zone2')]: 'FullDisruption' },
        following: { [zone('region1', 'zone1')]: 'FullDisruption', [zone('region2', 'zone2')]: 'FullDisruption' },
      },
    ],
    [
      'Full Disruption: Ready condition removed from the Node',
      { nodes: [at('node0', z1, 'True')], updated: [[]], initial: { [zone('region1', 'zone1')]: 'Normal' }, following: { [zone('region1', 'zone1')]: 'FullDisruption' } },
    ],
    [
      'Full Disruption: the only available Node has the node.kubernetes.io/exclude-disruption label',
      {
        nodes: [at('node0', z1, 'Unknown'), at('node-master', { ...z1, 'node.kubernetes.io/exclude-disruption': '' }, 'True')],
        updated: [unhealthy, healthy],
        initial: { [zone('region1', 'zone1')]: 'FullDisruption' },
        following: { [zone('region1', 'zone1')]: 'FullDisruption' },
      },
    ],
  ])('%s', (_name, row) => {
    const c = new FakeCluster(row.nodes);
    c.monitor(fakeNow);
    expect(c.zoneStates).toEqual(row.initial);
    row.updated.forEach((conditions, i) => c.setStatus(row.nodes[i]!.metadata!.name!, conditions));
    c.monitor(fakeNow + hour);
    expect(c.zoneStates).toEqual(row.following);
    expect(Object.fromEntries([...c.stores.zones.scan()].map(([z, r]) => [z, r.state]))).toEqual(row.following);
  });
});

describe('eviction rates follow the zone states', () => {
  it('master disruption stops every zone, and leaving it restores the rate and resets probes', () => {
    const c = new FakeCluster([at('node0', z1, 'Unknown'), at('node1', zoneLabels('zone2'), 'Unknown')]);
    const r = c.monitor(fakeNow);
    expect(r.transition).toBe('EnterMasterDisruption');
    expect([...c.stores.zones.scan()].map(([, z]) => z.limiter.qps)).toEqual([0, 0]);
    c.setStatus('node1', healthy);
    const back = c.monitor(fakeNow + hour);
    expect(back.transition).toBe('ExitMasterDisruption');
    expect(c.stores.zones.get(zone('region1', 'zone2'))?.limiter.qps).toBe(100000);
    expect(c.stores.health.get('node0')).toMatchObject({ probeTimestamp: fakeNow + hour, readyTransitionTimestamp: fakeNow + hour });
  });
});
