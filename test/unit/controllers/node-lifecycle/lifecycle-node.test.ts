import { describe, expect, it } from 'vitest';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { lifecycleNode } from '../../../../shared/controllers/node-lifecycle/lifecycle-node';
import { nodeStatusUpdate, statusUpdateOnto } from '../../../../shared/controllers/node-lifecycle/node-actions';
import { computeNodeHealth, type NodeHealthData } from '../../../../shared/controllers/node-lifecycle/node-health';
import { parseTime } from '../../../../shared/controllers/time';
import { computeNoScheduleTaints } from '../../../../shared/controllers/node-lifecycle/no-schedule-taints';
import { taintBasedEviction } from '../../../../shared/controllers/node-lifecycle/no-execute-taints';
import { isNodeExcludedFromDisruptionChecks, zoneKey } from '../../../../shared/controllers/node-lifecycle/zone-state';
import { buildNode } from '../../../../shared/nodes/node-builder';
import type { NodePool } from '../../../../shared/nodes/node-pool-types';
import { date, lease, readyCond, TEST_CONFIG } from './harness';

const now = date(2026, 1, 1, 12);
const pool = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'pool' }, spec: { nodes: 1 } } as NodePool;

/** A node pool's node as the store holds it: uid, resourceVersion and managedFields added on create. */
function poolNode(conditions?: NodeCondition[], extra: { labels?: Record<string, string>; unschedulable?: boolean } = {}): Node {
  const n = buildNode(pool, 0, { now: now - 120_000 });
  return {
    ...n,
    metadata: {
      ...n.metadata,
      uid: 'uid-1',
      resourceVersion: '42',
      labels: { ...n.metadata?.labels, ...extra.labels },
      managedFields: [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:conditions': {} } } }],
    },
    spec: { ...n.spec, unschedulable: extra.unschedulable, taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] },
    status: { ...n.status, conditions: conditions ?? n.status?.conditions },
  };
}

/** The health row of a node last seen at its Ready heartbeat (so a stale heartbeat passes the grace now). */
function seenAtHeartbeat(n: Node): NodeHealthData | undefined {
  const r = n.status?.conditions?.find((c) => c.type === 'Ready');
  const at = parseTime(r?.lastHeartbeatTime);
  return r && at !== undefined ? { probeTimestamp: at, readyTransitionTimestamp: at, ready: { status: r.status, lastHeartbeatTime: r.lastHeartbeatTime, lastTransitionTime: r.lastTransitionTime } } : undefined;
}

describe('lifecycleNode: a node cut down to what the node lifecycle passes read', () => {
  it('keeps identity, the zone and exclusion labels, taints, unschedulable and every condition; drops the rest', () => {
    const whole = poolNode(undefined, { labels: { 'node.kubernetes.io/exclude-disruption': '' }, unschedulable: true });
    const cut = lifecycleNode(whole);
    expect(cut).toEqual({
      metadata: {
        name: whole.metadata?.name,
        uid: 'uid-1',
        resourceVersion: '42',
        creationTimestamp: whole.metadata?.creationTimestamp,
        labels: { 'topology.kubernetes.io/region': whole.metadata?.labels?.['topology.kubernetes.io/region'], 'topology.kubernetes.io/zone': whole.metadata?.labels?.['topology.kubernetes.io/zone'], 'node.kubernetes.io/exclude-disruption': '' },
      },
      spec: { taints: whole.spec?.taints, unschedulable: true },
      status: { conditions: whole.status?.conditions },
    });
    // the point of it: a pool node's images, nodeInfo, addresses and managedFields are most of its size
    expect(JSON.stringify(cut).length * 2).toBeLessThan(JSON.stringify(whole).length);
  });

  const variants: [string, Node, Lease | undefined][] = [
    ['Ready True, fresh heartbeat', poolNode([readyCond('True', now - 10_000)]), undefined],
    ['Ready True, stale heartbeat (turns Unknown)', poolNode([readyCond('True', now - 60_000), { type: 'MemoryPressure', status: 'False' }]), undefined],
    ['Ready False', poolNode([readyCond('False', now - 10_000)]), undefined],
    ['Ready Unknown', poolNode([readyCond('Unknown', now - 90_000)]), undefined],
    ['Ready False, stale (turns Unknown, pressures added)', poolNode([readyCond('False', now - 70_000)]), undefined],
    ['no conditions (never posted, creation judged)', poolNode([]), undefined],
    ['stale heartbeat but a fresh Lease', poolNode([readyCond('True', now - 60_000)]), lease('n', now - 5_000)],
    ['unschedulable, failure-domain labels only, excluded', poolNode([readyCond('True', now)], { labels: { 'failure-domain.beta.kubernetes.io/zone': 'z9', 'node.kubernetes.io/exclude-disruption': 'x' }, unschedulable: true }), undefined],
  ];
  it.each(variants)('every decision is the same on the cut-down node: %s', (_name, whole, l) => {
    const cut = lifecycleNode(whole);
    expect(zoneKey(cut)).toBe(zoneKey(whole));
    expect(isNodeExcludedFromDisruptionChecks(cut)).toBe(isNodeExcludedFromDisruptionChecks(whole));
    expect(computeNoScheduleTaints(cut, now)).toEqual(computeNoScheduleTaints(whole, now));
    const h = computeNodeHealth(whole, l, seenAtHeartbeat(whole), now, TEST_CONFIG);
    expect(computeNodeHealth(cut, l, seenAtHeartbeat(whole), now, TEST_CONFIG)).toEqual(h);
    expect(taintBasedEviction(cut, h.observedReady.status)).toEqual(taintBasedEviction(whole, h.observedReady.status));
  });
});

describe('statusUpdateOnto: a status write decided on the cut-down node, made on the whole one', () => {
  it('is the update the whole node would have given: whole status, decided conditions, the resourceVersion decided on', () => {
    const whole = poolNode([readyCond('True', now - 60_000)]);
    const conditions = computeNodeHealth(whole, undefined, seenAtHeartbeat(whole), now, TEST_CONFIG).newConditions!;
    expect(conditions[0]?.status).toBe('Unknown');
    const decided = nodeStatusUpdate(lifecycleNode(whole), conditions);
    // read afresh after the decision, with a newer resourceVersion: the write must conflict, so it carries the old one
    const fresh = { ...whole, metadata: { ...whole.metadata, resourceVersion: '43' } };
    const onto = statusUpdateOnto(decided, fresh);
    expect(onto).toEqual({ ...nodeStatusUpdate(whole, conditions) });
    expect((onto.object as unknown as Node).status?.images).toEqual(whole.status?.images);
    expect(onto.object.metadata?.resourceVersion).toBe('42');
  });
});
