import { describe, expect, it } from 'vitest';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { nodeLifecycleConfig } from '../../../../shared/controllers/node-lifecycle/config';
import {
  computeZoneState,
  handleDisruption,
  isNodeExcludedFromDisruptionChecks,
  zoneEvictionQps,
  zoneKey,
} from '../../../../shared/controllers/node-lifecycle/zone-state';

const ready = (status: string): NodeCondition => ({ type: 'Ready', status });
const conds = (t: number, f: number, u = 0, missing = 0) => [
  ...Array.from({ length: t }, () => ready('True')),
  ...Array.from({ length: f }, () => ready('False')),
  ...Array.from({ length: u }, () => ready('Unknown')),
  ...Array.from({ length: missing }, () => undefined),
];
const config = nodeLifecycleConfig();

describe('computeZoneState (ComputeZoneState, unhealthyZoneThreshold 0.55)', () => {
  it.each([
    ['all ready', conds(3, 0), 0, 'Normal'],
    ['3 nodes with 2 not ready is Normal (needs more than 2 not ready)', conds(1, 2), 2, 'Normal'],
    ['3 of 5 not ready: 0.6 >= 0.55', conds(2, 1, 2), 3, 'PartialDisruption'],
    ['3 of 6 not ready: 0.5 < 0.55', conds(3, 3), 3, 'Normal'],
    ['no ready node', conds(0, 1), 1, 'FullDisruption'],
    ['nodes without a Ready condition count as not ready', conds(0, 0, 0, 4), 4, 'FullDisruption'],
    ['3 of 4 without status, 1 ready', conds(1, 0, 0, 3), 3, 'PartialDisruption'],
    ['empty zone', conds(0, 0), 0, 'Normal'],
  ])('%s', (_name, conditions, notReady, state) => {
    expect(computeZoneState(conditions, 0.55)).toEqual({ notReady, state });
  });
});

describe('zoneKey (nodetopology.GetZoneKey)', () => {
  const node = (labels: Record<string, string>): Node => ({ metadata: { name: 'n', labels } });
  it.each([
    [{}, ''],
    [{ 'topology.kubernetes.io/region': 'region1', 'topology.kubernetes.io/zone': 'zone1' }, 'region1:\0:zone1'],
    [{ 'failure-domain.beta.kubernetes.io/region': 'r', 'failure-domain.beta.kubernetes.io/zone': 'z' }, 'r:\0:z'],
    [{ 'topology.kubernetes.io/zone': 'zone1' }, ':\0:zone1'],
  ])('%j → %j', (labels, key) => expect(zoneKey(node(labels))).toBe(key));
});

describe('Test_isNodeExcludedFromDisruptionChecks', () => {
  it.each([
    [{ labels: {} }, false],
    [{ name: 'master-abc' }, false],
    [{ labels: { 'node.kubernetes.io/exclude-disruption': '' } }, true],
  ])('%j → %s', (metadata, want) => expect(isNodeExcludedFromDisruptionChecks({ metadata })).toBe(want));
});

describe('zoneEvictionQps (setLimiterInZone, HealthyQPSFunc, ReducedQPSFunc)', () => {
  it.each([
    ['Normal', 10, 0.1],
    ['FullDisruption', 10, 0.1],
    ['PartialDisruption', 50, 0],
    ['PartialDisruption', 51, 0.01],
    ['Initial', 10, undefined],
  ] as const)('%s with %d nodes → %s', (state, size, qps) => expect(zoneEvictionQps(state, size, config)).toBe(qps));
});

describe('handleDisruption', () => {
  const z1 = 'region1:\0:zone1';
  const z2 = 'region1:\0:zone2';

  it('first pass: zones leave Initial for their computed state', () => {
    const d = handleDisruption({}, { [z1]: conds(3, 0), [z2]: conds(0, 1) }, config);
    expect(d).toEqual({ zoneStates: { [z1]: 'Normal', [z2]: 'FullDisruption' }, limiterQps: { [z1]: 0.1, [z2]: 0.1 } });
  });

  it('every zone fully disrupted: master disruption stops every zone', () => {
    const d = handleDisruption({ [z1]: 'Normal', [z2]: 'FullDisruption' }, { [z1]: conds(0, 2), [z2]: conds(0, 1) }, config);
    expect(d).toEqual({
      zoneStates: { [z1]: 'FullDisruption', [z2]: 'FullDisruption' },
      limiterQps: { [z1]: 0, [z2]: 0 },
      transition: 'EnterMasterDisruption',
    });
  });

  it('staying in master disruption changes nothing', () => {
    const d = handleDisruption({ [z1]: 'FullDisruption' }, { [z1]: conds(0, 2) }, config);
    expect(d).toEqual({ zoneStates: { [z1]: 'FullDisruption' }, limiterQps: {} });
  });

  it('leaving master disruption resets every zone to its state and rate', () => {
    const big = conds(20, 40);
    const d = handleDisruption({ [z1]: 'FullDisruption', [z2]: 'FullDisruption' }, { [z1]: conds(0, 2), [z2]: big }, config);
    expect(d).toEqual({
      zoneStates: { [z1]: 'FullDisruption', [z2]: 'PartialDisruption' },
      limiterQps: { [z1]: 0.1, [z2]: 0.01 },
      transition: 'ExitMasterDisruption',
    });
  });

  it('a small zone going partially disrupted stops its evictions; unchanged zones keep their rate', () => {
    const d = handleDisruption({ [z1]: 'Normal', [z2]: 'Normal' }, { [z1]: conds(1, 3), [z2]: conds(3, 0) }, config);
    expect(d).toEqual({ zoneStates: { [z1]: 'PartialDisruption', [z2]: 'Normal' }, limiterQps: { [z1]: 0 } });
  });

  it('a zone without nodes is forgotten', () => {
    const d = handleDisruption({ [z1]: 'Normal', [z2]: 'Normal' }, { [z1]: conds(1, 0) }, config);
    expect(d.zoneStates).toEqual({ [z1]: 'Normal' });
  });
});
