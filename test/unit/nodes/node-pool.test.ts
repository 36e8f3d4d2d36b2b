import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { defaultNodePool } from '../../../shared/nodes/node-pool-defaults';
import { validateNodeCount, validateNodePool } from '../../../shared/nodes/node-pool-validation';
import { allocatableFor, desiredNodes, planPoolScale } from '../../../shared/nodes/node-builder';
import { heartbeatDelay, heartbeatPhase, leaseDueAt, leaseFor, leaseOwedAt, leaseRenewal, nodeStatusUpdate, NODE_STATUS_UPDATE_RETRY, statusConflictRetry } from '../../../shared/nodes/node-heartbeat';
import { invalid } from '../../../shared/api/errors';

const T0 = Date.UTC(2025, 0, 1);

describe('validateNodePool', () => {
  it('accepts the defaults', () => expect(validateNodePool({ metadata: { name: 'default' }, spec: {} })).toEqual([]));
  it('accepts soft eviction thresholds with their grace periods', () =>
    expect(validateNodePool({ metadata: { name: 'p' }, spec: { evictionSoft: { 'memory.available': '1Gi' }, evictionSoftGracePeriod: { 'memory.available': '1m30s' } } })).toEqual([]));
  it.each([
    [{ nodes: -1 }, 'spec.nodes', 'Invalid value: -1: must be greater than or equal to 0'],
    [{ nodes: 1.5 }, 'spec.nodes', 'Invalid value: 1.5: must be an integer'],
    [{ nodes: 300 }, 'spec.nodes', 'Invalid value: 300: must be no more than 256: cluster CIDR 10.244.0.0/16 has room for 256 node CIDRs of size /24'],
    [{ capacity: { cpu: '-1' } }, 'spec.capacity.cpu', 'Invalid value: "-1": must be greater than or equal to 0'],
    [{ capacity: { memory: 'lots' } }, 'spec.capacity.memory', "Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    [{ reserved: { memory: '32Gi' } }, 'spec.reserved.memory', 'Invalid value: "32Gi": must be less than or equal to capacity 16Gi'],
    [{ zones: [] }, 'spec.zones', 'Invalid value: []: must list at least one zone'],
    [{ taints: [{ key: 'k', effect: 'Sometimes' }] }, 'spec.taints[0].effect', 'Unsupported value: "Sometimes": supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"'],
    [{ nodeNetwork: '10.0.0.0/29', nodes: 3 }, 'spec.nodeNetwork', 'Invalid value: "10.0.0.0/29": has room for 0 node addresses, fewer than spec.nodes (3)'],
    [{ heartbeat: { leaseRenewIntervalSeconds: 50 } }, 'spec.heartbeat.leaseRenewIntervalSeconds', 'Invalid value: 50: must be less than leaseDurationSeconds (40)'],
    // the kubelet's own --eviction-* parse errors (eviction/helpers.go ParseThresholdConfig)
    [{ evictionSoft: { 'memory.available': '500Mi' } }, 'spec.evictionSoftGracePeriod', 'Invalid value: {}: grace period must be specified for the soft eviction threshold memory.available'],
    [{ evictionHard: { 'memory.available': '120%' } }, 'spec.evictionHard', 'Invalid value: {"memory.available":"120%"}: eviction percentage threshold memory.available must be >= 0% and <= 100%: 120%'],
    [{ evictionSoft: { 'memory.available': '1Gi' }, evictionSoftGracePeriod: { 'memory.available': 'soon' } }, 'spec.evictionSoftGracePeriod[memory.available]', 'Invalid value: "soon": must be a duration such as "90s" or "1m30s"'],
    [{ evictionSoft: 'lots' }, 'spec.evictionSoft', 'Invalid value: "lots": must be a map of signal to string'],
  ])('%j', (spec, field, message) => {
    expect(validateNodePool({ metadata: { name: 'p' }, spec })).toContainEqual(expect.objectContaining({ field, message }));
  });
  it('checks the node count against the configured network, and not at all where the network is unknown', () => {
    const pool = { metadata: { name: 'p' }, spec: { nodes: 5000 } };
    expect(validateNodePool(pool, { clusterCIDR: '10.128.0.0/9', nodeCIDRMaskSize: 24 })).toEqual([]);
    expect(validateNodeCount(32_768, { clusterCIDR: '10.128.0.0/9', nodeCIDRMaskSize: 24 })).toEqual([]);
    expect(validateNodeCount(32_769, { clusterCIDR: '10.128.0.0/9', nodeCIDRMaskSize: 24 })[0]!.message).toBe(
      'Invalid value: 32769: must be no more than 32768: cluster CIDR 10.128.0.0/9 has room for 32768 node CIDRs of size /24',
    );
    expect(validateNodeCount(300, { clusterCIDR: '10.244.0.0/16', nodeCIDRMaskSize: 25 })).toEqual([]);
    expect(validateNodePool(pool, { clusterCIDR: null })).toEqual([]);
  });
  it('counts nodes of other pools against the cluster CIDR and renders as a 422', () => {
    const causes = validateNodePool({ metadata: { name: 'p' }, spec: { nodes: 10 } }, { clusterCIDR: '10.244.0.0/20', otherPoolNodes: 10 });
    expect(causes).toHaveLength(1);
    const err = invalid('NodePool', 'kubeflare.dev', 'p', causes);
    expect(err.code).toBe(422);
    expect(err.message).toBe('NodePool.kubeflare.dev "p" is invalid: spec.nodes: Invalid value: 10: must be no more than 6: cluster CIDR 10.244.0.0/20 has room for 16 node CIDRs of size /24 and 10 are taken by other pools');
  });
});

describe('desiredNodes', () => {
  const nodes = desiredNodes({ metadata: { name: 'pool' }, spec: {} }, { now: T0 });
  it('3 nodes spread over 3 zones with upstream labels', () => {
    expect(nodes.map((n) => [n.metadata!.name, n.metadata!.labels!['topology.kubernetes.io/zone']])).toEqual([['pool-0', 'zone-a'], ['pool-1', 'zone-b'], ['pool-2', 'zone-c']]);
    expect(nodes[0]!.metadata!.labels).toMatchObject({
      'kubernetes.io/hostname': 'pool-0', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      'topology.kubernetes.io/region': 'region-1', 'node.kubernetes.io/instance-type': 'kubeflare.standard-4', 'kubeflare.dev/node-pool': 'pool',
    });
  });
  it('capacity and kubelet-style allocatable (minus hard eviction thresholds)', () => {
    expect(nodes[0]!.status!.capacity).toEqual({ cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' });
    expect(nodes[0]!.status!.allocatable).toEqual({ cpu: '4', memory: '16284Mi', pods: '110', 'ephemeral-storage': '90Gi' });
    expect(allocatableFor(defaultNodePool({ spec: { reserved: { cpu: '500m', memory: '1Gi' } } }).spec)).toMatchObject({ cpu: '3500m', memory: '15260Mi' });
  });
  it('healthy conditions, addresses and nodeInfo', () => {
    const s = nodes[1]!.status!;
    expect(s.conditions!.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ]);
    expect(s.addresses).toEqual([{ type: 'InternalIP', address: '10.0.0.11' }, { type: 'Hostname', address: 'pool-1' }]);
    expect(s.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.0', containerRuntimeVersion: 'containerd://1.7.24', operatingSystem: 'linux', architecture: 'amd64' });
    expect(s.images![0]!.names).toContain('registry.k8s.io/pause:3.10');
  });
  it('scaling adds missing indices and removes the highest first', () => {
    const up = planPoolScale({ metadata: { name: 'pool' }, spec: { nodes: 5 } }, ['pool-0', 'pool-2']);
    expect(up.add.map((n) => n.metadata!.name)).toEqual(['pool-1', 'pool-3', 'pool-4']);
    expect(up.remove).toEqual([]);
    const down = planPoolScale({ metadata: { name: 'pool' }, spec: { nodes: 1 } }, ['pool-0', 'pool-1', 'pool-2', 'pool-10']);
    expect(down).toEqual({ add: [], remove: ['pool-10', 'pool-2', 'pool-1'] });
  });
});

describe('heartbeats', () => {
  const node = { ...desiredNodes({ metadata: { name: 'pool' }, spec: { nodes: 1 } }, { now: T0 })[0]!, metadata: { ...desiredNodes({ metadata: { name: 'pool' }, spec: { nodes: 1 } })[0]!.metadata, uid: 'nu' } };
  it('Lease in kube-node-lease owned by the node, MicroTime renewTime', () => {
    expect(leaseFor(node, T0 + 1500)).toEqual({
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: 'pool-0', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'pool-0', uid: 'nu' }] },
      spec: { holderIdentity: 'pool-0', leaseDurationSeconds: 40, renewTime: '2025-01-01T00:00:01.500000Z' },
    });
  });
  it('renews every 10s unless heartbeats are stopped', () => {
    const lease = leaseFor(node, T0);
    expect(leaseRenewal(lease, {}, T0 + 5000)).toEqual({ due: false, nextDueMs: T0 + 10_000 });
    expect(leaseRenewal(lease, {}, T0 + 10_000).due).toBe(true);
    expect(leaseRenewal(lease, { stopHeartbeat: true }, T0 + 60_000).due).toBe(false);
  });
  it('keeps the 10 s period in cluster time however late a renewal runs (due a period after the last was due)', () => {
    const renewedAt = (ms: number) => leaseFor(node, ms);
    // nothing scheduled yet (a restart, the first pass): a period after the renewal as written
    expect(leaseRenewal(renewedAt(T0 + 3000), {}, T0 + 13_000)).toEqual({ due: true, nextDueMs: T0 + 23_000 });
    // due at 10 s, run 3 s late: the next is due at 20 s, 7 s after the renewal written at 13 s
    expect(leaseRenewal(renewedAt(T0), {}, T0 + 13_000, 10, T0 + 10_000)).toEqual({ due: true, nextDueMs: T0 + 20_000 });
    expect(leaseRenewal(renewedAt(T0 + 13_000), {}, T0 + 18_000, 10, T0 + 20_000)).toEqual({ due: false, nextDueMs: T0 + 20_000 });
    expect(leaseRenewal(renewedAt(T0 + 13_000), {}, T0 + 20_000, 10, T0 + 20_000)).toEqual({ due: true, nextDueMs: T0 + 30_000 });
    // later than a whole period (a stalled simulator): one renewal now, the next a period on, no burst
    expect(leaseRenewal(renewedAt(T0), {}, T0 + 25_000, 10, T0 + 10_000)).toEqual({ due: true, nextDueMs: T0 + 35_000 });
    // a schedule the Lease no longer matches (written by someone else since, or a refused write): a period after the renewal
    expect(leaseRenewal(renewedAt(T0 + 12_000), {}, T0 + 15_000, 10, T0 + 10_000)).toEqual({ due: false, nextDueMs: T0 + 22_000 });
    expect(leaseRenewal(renewedAt(T0), {}, T0 + 15_000, 10, T0 + 20_000)).toEqual({ due: true, nextDueMs: T0 + 20_000 });
    expect(leaseRenewal(renewedAt(T0), { stopHeartbeat: true }, T0 + 15_000, 10, T0 + 10_000).due).toBe(false);
    // what the pace keeper counts as owed: the scheduled time when it matches the Lease
    expect(leaseDueAt(T0 + 13_000, 10_000, T0 + 20_000)).toBe(T0 + 20_000);
    expect(leaseDueAt(T0 + 13_000, 10_000, T0 + 23_001)).toBe(T0 + 23_000);
    expect(leaseDueAt(T0 + 13_000, 10_000, T0 + 13_000)).toBe(T0 + 23_000);
    expect(leaseOwedAt('2025-01-01T00:00:13.000000Z', undefined, 10, T0 + 20_000)).toBe(T0 + 20_000);
    expect(leaseOwedAt('2025-01-01T00:00:13.000000Z', { stopHeartbeat: true }, 10, T0 + 20_000)).toBeUndefined();
  });
  it('heartbeats due within the same second wake together, on the next whole second (never sooner than 100 ms)', () => {
    // nodes of a shard renewed a few ms apart: their next renewals share one alarm
    expect([T0 + 10_003, T0 + 10_250, T0 + 10_999].map((due) => T0 + 5000 + heartbeatDelay(due, T0 + 5000))).toEqual([T0 + 11_000, T0 + 11_000, T0 + 11_000]);
    expect(heartbeatDelay(T0 + 10_000, T0)).toBe(10_000);
    expect(heartbeatDelay(T0 + 1000, T0 + 950)).toBe(100);
    expect(heartbeatDelay(T0 + 10_500, T0, 5000)).toBe(15_000);
    // a shard's phase shifts its grid: shard 3 of 8 meets at .375 s of each tick
    expect(heartbeatPhase(0, 8)).toBe(0);
    expect(heartbeatPhase(3, 8)).toBe(375);
    expect(heartbeatPhase(7, 8)).toBe(875);
    expect([T0 + 10_003, T0 + 10_375, T0 + 10_376].map((due) => T0 + heartbeatDelay(due, T0, 1000, 375))).toEqual([T0 + 10_375, T0 + 10_375, T0 + 11_375]);
  });
  it('status written every 60s or at once on change, with events for flips', () => {
    expect(nodeStatusUpdate(node, {}, T0 + 30_000)).toMatchObject({ write: false, nextDueMs: T0 + 60_000 });
    expect(nodeStatusUpdate(node, {}, T0 + 60_000).write).toBe(true);
    const u = nodeStatusUpdate(node, { memoryPressure: true, notReady: true }, T0 + 5000);
    expect(u.write).toBe(true);
    expect(u.events.map((e) => e.message)).toEqual(['Node pool-0 status is now: NodeHasInsufficientMemory', 'Node pool-0 status is now: NodeNotReady']);
    const ready = u.node.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'False', reason: 'KubeletNotReady', lastTransitionTime: '2025-01-01T00:00:05Z' });
    expect(u.node.status!.conditions!.find((c) => c.type === 'MemoryPressure')).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory' });
    expect(nodeStatusUpdate(node, { stopHeartbeat: true }, T0 + 120_000).write).toBe(false);
  });
  it('keeps another writer\'s condition where it stands and its own in place, as upstream\'s setters do', () => {
    // flannel's strategic merge patch put NetworkUnavailable first (a new item goes before the live ones)
    const network = { type: 'NetworkUnavailable', status: 'False', reason: 'FlannelIsUp', message: 'Flannel is running on this node', lastHeartbeatTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z' };
    const withNetwork = { ...node, status: { ...node.status, conditions: [network, ...node.status!.conditions!] } };
    const types = (n: Node) => n.status!.conditions!.map((c) => c.type);
    const report = nodeStatusUpdate(withNetwork, {}, T0 + 60_000);
    expect(report.write).toBe(true);
    expect(types(report.node)).toEqual(types(withNetwork));
    expect(report.node.status!.conditions![0]).toEqual(network);
    expect(report.node.status!.conditions!.find((c) => c.type === 'Ready')!.lastHeartbeatTime).toBe('2025-01-01T00:01:00Z');
    // a condition type the node does not have yet is appended after the ones it has
    const noPid = { ...node, status: { ...node.status, conditions: node.status!.conditions!.filter((c) => c.type !== 'PIDPressure') } };
    expect(types(nodeStatusUpdate(noPid, {}, T0 + 60_000).node)).toEqual([...types(noPid), 'PIDPressure']);
  });
});

describe('statusConflictRetry: a status report that keeps meeting conflicts (updateNodeStatus, nodeStatusUpdateRetry)', () => {
  it('retries at once four times in a row, then leaves the fifth to the next period and starts counting again', () => {
    let conflicts = 0;
    const retried: boolean[] = [];
    for (let i = 0; i < 2 * NODE_STATUS_UPDATE_RETRY; i++) {
      const next = statusConflictRetry(conflicts);
      retried.push(next.retry);
      conflicts = next.conflicts;
    }
    expect(retried).toEqual([true, true, true, true, false, true, true, true, true, false]);
    expect(conflicts).toBe(0);
  });
});
