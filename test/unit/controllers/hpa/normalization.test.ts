// Rows of upstream's horizontal_test.go normalization tables: TestNormalizeDesiredReplicas,
// TestNormalizeDesiredReplicasWithBehavior, TestScalingWithRules, TestStoreScaleEvents,
// TestConvertDesiredReplicasWithRules, TestCalculateScale{Up,Down}Limit….
import { describe, expect, it } from 'vitest';
import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2';
import {
  calculateScaleUpLimit,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  replicasChangePerPeriod,
  scaleDownLimit,
  scalingBehavior,
  scaleUpLimit,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  type TimestampedRecommendation,
  type TimestampedScaleEvent,
} from '../../../../shared/controllers/hpa';
import { NOW } from './fixtures';

const min = 60_000;
const rec = (recommendation: number, ago: number): TimestampedRecommendation => ({ recommendation, timestamp: NOW - ago });
const ev = (replicaChange: number, agoSeconds: number, outdated = false): TimestampedScaleEvent => ({ replicaChange, timestamp: NOW - agoSeconds * 1000, outdated });

/** generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow) with selectPolicy Max. */
function rules(pods: number, podsPeriod: number, percent: number, percentPeriod: number, window: number): HPAScalingRules {
  const policies = [];
  if (pods !== 0) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) policies.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return { stabilizationWindowSeconds: window, selectPolicy: 'Max', ...(policies.length ? { policies } : {}) };
}

/** generateEventsUniformDistribution: events centred in equal segments of the last `periodSeconds`. */
function uniformEvents(raw: number[], periodSeconds: number): TimestampedScaleEvent[] {
  const seg = periodSeconds / raw.length;
  return raw.map((change, i) => ev(change, Math.trunc(periodSeconds - seg * (i + 1) + seg / 2)));
}

describe('TestNormalizeDesiredReplicas (legacy stabilization, 5 min window)', () => {
  it.each<[string, TimestampedRecommendation[], number, number, number]>([
    ['empty log', [], 5, 5, 1],
    ['stabilize', [rec(4, 2 * min), rec(5, min)], 3, 5, 3],
    ['no stabilize', [rec(1, 2 * min), rec(2, min)], 3, 3, 3],
    ['no stabilize - old recommendations', [rec(10, 10 * min), rec(9, 9 * min)], 3, 3, 2],
    ['stabilize - old recommendations', [rec(10, 10 * min), rec(4, min), rec(5, 2 * min), rec(9, 9 * min)], 3, 5, 4],
  ])('%s', (_, recs, desired, stabilized, logLength) => {
    const r = stabilizeRecommendation(recs, desired, 300, NOW);
    expect(r.stabilized).toBe(stabilized);
    expect(r.recommendations).toHaveLength(logLength);
  });
});

describe('TestNormalizeDesiredReplicasWithBehavior', () => {
  interface Case {
    recommendations: TimestampedRecommendation[];
    current: number;
    desired: number;
    stabilized: number;
    expectedRecommendations?: number[];
    up?: number;
    down?: number;
  }
  const cases: Record<string, Case> = {
    'empty recommendations for scaling down': { recommendations: [], current: 100, desired: 5, stabilized: 5, expectedRecommendations: [5] },
    'simple scale down stabilization': { recommendations: [rec(4, 2 * min), rec(5, min)], current: 100, desired: 3, stabilized: 5, expectedRecommendations: [4, 5, 3], down: 180 },
    'simple scale up stabilization': { recommendations: [rec(4, 2 * min), rec(5, min)], current: 1, desired: 7, stabilized: 4, expectedRecommendations: [4, 5, 7], up: 300 },
    'no scale down stabilization': { recommendations: [rec(1, 2 * min), rec(2, min)], current: 100, desired: 3, stabilized: 3, expectedRecommendations: [1, 2, 3], up: 300 },
    'no scale up stabilization': { recommendations: [rec(4, 2 * min), rec(5, min)], current: 1, desired: 3, stabilized: 3, expectedRecommendations: [4, 5, 3], down: 300 },
    'no scale down stabilization, reuse recommendation element': { recommendations: [rec(10, 10 * min), rec(9, 9 * min)], current: 100, desired: 3, stabilized: 3, expectedRecommendations: [10, 3] },
    'no scale up stabilization, reuse recommendation element': { recommendations: [rec(10, 10 * min), rec(9, 9 * min)], current: 1, desired: 100, stabilized: 100, expectedRecommendations: [10, 100] },
    'scale down stabilization, reuse one of obsolete recommendation element': {
      recommendations: [rec(10, 10 * min), rec(4, min), rec(5, 2 * min), rec(9, 9 * min)],
      current: 100,
      desired: 3,
      stabilized: 5,
      expectedRecommendations: [10, 4, 5, 3],
      down: 180,
    },
    'scale up stabilization, reuse one of obsolete recommendation element': {
      recommendations: [rec(10, 100 * min), rec(6, min), rec(5, 2 * min), rec(9, 3 * min)],
      current: 1,
      desired: 100,
      stabilized: 5,
      expectedRecommendations: [100, 6, 5, 9],
      up: 300,
    },
    'scale up and down stabilization, do not scale up when prenormalized rec goes down': {
      recommendations: [rec(2, 100 * min), rec(3, 3 * min)],
      current: 2,
      desired: 1,
      stabilized: 2,
      up: 300,
      down: 300,
    },
    'scale up and down stabilization, do not scale down when prenormalized rec goes up': {
      recommendations: [rec(2, 100 * min), rec(1, 3 * min)],
      current: 2,
      desired: 3,
      stabilized: 2,
      up: 300,
      down: 300,
    },
  };
  it.each(Object.entries(cases))('%s', (_, tc) => {
    const windows = (w: number) => ({ stabilizationWindowSeconds: w, selectPolicy: 'Max' as const, policies: [] });
    const r = stabilizeRecommendationWithBehaviors(
      { currentReplicas: tc.current, desiredReplicas: tc.desired, minReplicas: 0, maxReplicas: 0, recommendations: tc.recommendations, now: NOW },
      { scaleUp: windows(tc.up ?? 0), scaleDown: windows(tc.down ?? 0) },
    );
    expect(r.stabilized).toBe(tc.stabilized);
    if (tc.expectedRecommendations) expect(r.recommendations.map((x) => x.recommendation)).toEqual(tc.expectedRecommendations);
    // Every recorded sample is either kept or the new one, stamped now.
    expect(r.recommendations.filter((x) => x.timestamp === NOW).length).toBeGreaterThanOrEqual(1);
  });
});

describe('TestScalingWithRules (convertDesiredReplicasWithBehaviorRate)', () => {
  interface Case {
    scaleUpEvents?: TimestampedScaleEvent[];
    scaleDownEvents?: TimestampedScaleEvent[];
    min: number;
    max: number;
    scaleUpRules?: HPAScalingRules;
    scaleDownRules?: HPAScalingRules;
    current: number;
    desired: number;
    expected: number;
    condition: string;
  }
  const cases: Record<string, Case> = {
    'prenormalized desired replicas within range': { current: 5, desired: 7, min: 3, max: 8, expected: 7, condition: 'DesiredWithinRange' },
    'prenormalized desired replicas < minReplicas': { current: 3, desired: 1, min: 2, max: 8, expected: 2, condition: 'TooFewReplicas' },
    'prenormalized desired replicas within range when minReplicas is 0': { current: 1, desired: 0, min: 0, max: 10, expected: 0, condition: 'DesiredWithinRange' },
    'maxReplicas is the limit because maxReplicas < scaleUpLimit': { current: 20, desired: 1000, min: 1, max: 10, expected: 10, condition: 'TooManyReplicas' },
    'desired replica count is more than the maximum replica count': { current: 100, desired: 1000, min: 100, max: 150, expected: 150, condition: 'TooManyReplicas' },
    'scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies': {
      current: 3,
      desired: 1000,
      min: 1,
      max: 2000,
      expected: 4,
      condition: 'ScaleUpLimit',
      scaleUpRules: rules(0, 0, 1, 60, 0),
    },
    // Upstream skips this row (testThis); it holds all the same.
    'scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies': {
      current: 1000,
      desired: 3,
      min: 3,
      max: 2000,
      scaleDownRules: rules(20, 60, 0, 0, 0),
      expected: 980,
      condition: 'ScaleDownLimit',
    },
    'scaleUp with default behavior': { min: 1, max: 1000, current: 10, desired: 50, expected: 20, condition: 'ScaleUpLimit' },
    'scaleUp with pods policy larger than percent policy': { min: 1, max: 1000, scaleUpRules: rules(100, 60, 100, 60, 0), current: 10, desired: 500, expected: 110, condition: 'ScaleUpLimit' },
    'scaleUp with percent policy larger than pods policy': { min: 1, max: 1000, scaleUpRules: rules(2, 60, 100, 60, 0), current: 10, desired: 500, expected: 20, condition: 'ScaleUpLimit' },
    'scaleUp with spec MaxReplicas limitation with large pod policy': { min: 1, max: 1000, scaleUpRules: rules(100, 60, 0, 0, 0), current: 10, desired: 50, expected: 50, condition: 'DesiredWithinRange' },
    'scaleUp with spec MaxReplicas limitation with large percent policy': { min: 1, max: 1000, scaleUpRules: rules(10000, 60, 0, 0, 0), current: 10, desired: 50, expected: 50, condition: 'DesiredWithinRange' },
    'scaleUp with pod policy limitation': { min: 1, max: 1000, scaleUpRules: rules(30, 60, 0, 0, 0), current: 10, desired: 50, expected: 40, condition: 'ScaleUpLimit' },
    'scaleUp with percent policy limitation': { min: 1, max: 1000, scaleUpRules: rules(0, 0, 200, 60, 0), current: 10, desired: 50, expected: 30, condition: 'ScaleUpLimit' },
    'scaleDown with percent policy larger than pod policy': { min: 1, max: 1000, scaleDownRules: rules(20, 60, 1, 60, 300), current: 100, desired: 2, expected: 80, condition: 'ScaleDownLimit' },
    'scaleDown with pod policy larger than percent policy': { min: 1, max: 1000, scaleDownRules: rules(2, 60, 1, 60, 300), current: 100, desired: 2, expected: 98, condition: 'ScaleDownLimit' },
    'scaleDown with spec MinReplicas=nil limitation with large pod policy': { min: 1, max: 1000, scaleDownRules: rules(100, 60, 0, 0, 300), current: 10, desired: 0, expected: 1, condition: 'TooFewReplicas' },
    'scaleDown with spec MinReplicas limitation with large pod policy': { min: 1, max: 1000, scaleDownRules: rules(100, 60, 0, 0, 300), current: 10, desired: 0, expected: 1, condition: 'TooFewReplicas' },
    'scaleDown with spec MinReplicas limitation with large percent policy': { min: 5, max: 1000, scaleDownRules: rules(0, 0, 100, 60, 300), current: 10, desired: 2, expected: 5, condition: 'TooFewReplicas' },
    'scaleDown with pod policy limitation': { min: 1, max: 1000, scaleDownRules: rules(5, 60, 0, 0, 300), current: 10, desired: 2, expected: 5, condition: 'ScaleDownLimit' },
    'scaleDown with percent policy limitation': { min: 1, max: 1000, scaleDownRules: rules(0, 0, 50, 60, 300), current: 10, desired: 5, expected: 5, condition: 'DesiredWithinRange' },
    'scaleUp with spec MaxReplicas limitation with large pod policy and events': {
      scaleUpEvents: uniformEvents([1, 5, 9], 120),
      min: 1,
      max: 200,
      scaleUpRules: rules(300, 60, 0, 0, 0),
      current: 100,
      desired: 500,
      expected: 200,
      condition: 'TooManyReplicas',
    },
    'scaleUp with spec MaxReplicas limitation with large percent policy and events': {
      scaleUpEvents: uniformEvents([1, 5, 9], 120),
      min: 1,
      max: 200,
      scaleUpRules: rules(0, 0, 10000, 60, 0),
      current: 100,
      desired: 500,
      expected: 200,
      condition: 'TooManyReplicas',
    },
    'scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events': {
      scaleUpEvents: uniformEvents([1, 5, 9], 120),
      min: 1,
      max: 1000,
      scaleUpRules: rules(5, 120, 0, 0, 0),
      current: 100,
      desired: 500,
      expected: 100,
      condition: 'ScaleUpLimit',
    },
    'scaleUp with pod policy and previous scale up events': {
      scaleUpEvents: uniformEvents([1, 5, 9], 120),
      min: 1,
      max: 1000,
      scaleUpRules: rules(150, 120, 0, 0, 0),
      current: 100,
      desired: 500,
      expected: 235,
      condition: 'ScaleUpLimit',
    },
    'scaleUp with percent policy and previous scale up events': {
      scaleUpEvents: uniformEvents([1, 5, 9], 120),
      min: 1,
      max: 1000,
      scaleUpRules: rules(0, 0, 200, 120, 0),
      current: 100,
      desired: 500,
      expected: 255,
      condition: 'ScaleUpLimit',
    },
    'scaleUp with percent policy and previous scale up and down events': {
      scaleUpEvents: uniformEvents([4], 120),
      scaleDownEvents: uniformEvents([2], 120),
      min: 1,
      max: 1000,
      scaleUpRules: rules(0, 0, 300, 300, 0),
      current: 6,
      desired: 24,
      expected: 16,
      condition: 'ScaleUpLimit',
    },
    'scaleDown with default policy and previous events': {
      scaleDownEvents: uniformEvents([1, 5, 9], 120),
      min: 1,
      max: 1000,
      current: 10,
      desired: 5,
      expected: 5,
      condition: 'DesiredWithinRange',
    },
    'scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events': {
      scaleDownEvents: uniformEvents([1, 5, 9], 120),
      min: 1,
      max: 1000,
      scaleDownRules: rules(115, 120, 0, 0, 300),
      current: 100,
      desired: 0,
      expected: 1,
      condition: 'TooFewReplicas',
    },
    'scaleDown with spec MinReplicas limitation with large pod policy and previous events': {
      scaleDownEvents: uniformEvents([1, 5, 9], 120),
      min: 5,
      max: 1000,
      scaleDownRules: rules(130, 120, 0, 0, 300),
      current: 100,
      desired: 0,
      expected: 5,
      condition: 'TooFewReplicas',
    },
    'scaleDown with spec MinReplicas limitation with large percent policy and previous events': {
      scaleDownEvents: uniformEvents([1, 5, 9], 120),
      min: 5,
      max: 1000,
      scaleDownRules: rules(0, 0, 100, 120, 300),
      current: 100,
      desired: 2,
      expected: 5,
      condition: 'TooFewReplicas',
    },
    'scaleDown with pod policy limitation and previous events': {
      scaleDownEvents: uniformEvents([1, 5, 9], 120),
      min: 1,
      max: 1000,
      scaleDownRules: rules(5, 120, 0, 0, 300),
      current: 100,
      desired: 2,
      expected: 100,
      condition: 'ScaleDownLimit',
    },
    'scaleDown with percent policy limitation and previous events': {
      scaleDownEvents: uniformEvents([2, 4, 6], 120),
      min: 1,
      max: 1000,
      scaleDownRules: rules(0, 0, 50, 120, 300),
      current: 100,
      desired: 0,
      expected: 56,
      condition: 'ScaleDownLimit',
    },
    'scaleDown with percent policy and previous scale up and down events': {
      scaleUpEvents: uniformEvents([2], 120),
      scaleDownEvents: uniformEvents([4], 120),
      min: 1,
      max: 1000,
      scaleDownRules: rules(0, 0, 50, 180, 0),
      current: 10,
      desired: 1,
      expected: 6,
      condition: 'ScaleDownLimit',
    },
    'scaleDown with previous events preventing further scale down': {
      scaleDownEvents: uniformEvents([10, 10, 10], 120),
      min: 1,
      max: 1000,
      scaleDownRules: rules(0, 0, 10, 120, 300),
      current: 100,
      desired: 0,
      expected: 100,
      condition: 'ScaleDownLimit',
    },
    'scaleDown with with previous events still allowing more scale down': {
      scaleDownEvents: uniformEvents([10, 10, 10], 120),
      min: 1,
      max: 1000,
      scaleDownRules: rules(0, 0, 1000, 120, 300),
      current: 10,
      desired: 5,
      expected: 5,
      condition: 'DesiredWithinRange',
    },
    "check 'outdated' flag for events for one behavior for up": {
      scaleUpEvents: uniformEvents([8, 12, 9, 11], 120),
      min: 1,
      max: 1000,
      scaleUpRules: rules(1000, 60, 0, 0, 0),
      current: 100,
      desired: 200,
      expected: 200,
      condition: 'DesiredWithinRange',
    },
    "check that events were not marked 'outdated' for two different policies in the behavior for up": {
      scaleUpEvents: uniformEvents([8, 12, 9, 11], 120),
      min: 1,
      max: 1000,
      scaleUpRules: rules(1000, 120, 100, 60, 0),
      current: 100,
      desired: 200,
      expected: 200,
      condition: 'DesiredWithinRange',
    },
    "check that events were marked 'outdated' for two different policies in the behavior for up": {
      scaleUpEvents: uniformEvents([8, 12, 9, 11], 120),
      min: 1,
      max: 1000,
      scaleUpRules: rules(1000, 30, 100, 60, 0),
      current: 100,
      desired: 200,
      expected: 200,
      condition: 'DesiredWithinRange',
    },
    "check 'outdated' flag for events for one behavior for down": {
      scaleDownEvents: uniformEvents([8, 12, 9, 11], 120),
      min: 1,
      max: 1000,
      scaleDownRules: rules(1000, 60, 0, 0, 300),
      current: 100,
      desired: 5,
      expected: 5,
      condition: 'DesiredWithinRange',
    },
    "check that events were not marked 'outdated' for two different policies in the behavior for down": {
      scaleDownEvents: uniformEvents([8, 12, 9, 11], 120),
      min: 1,
      max: 1000,
      scaleDownRules: rules(1000, 120, 100, 60, 300),
      current: 100,
      desired: 5,
      expected: 5,
      condition: 'DesiredWithinRange',
    },
    "check that events were marked 'outdated' for two different policies in the behavior for down": {
      scaleDownEvents: uniformEvents([8, 12, 9, 11], 120),
      min: 1,
      max: 1000,
      scaleDownRules: rules(1000, 30, 100, 60, 300),
      current: 100,
      desired: 5,
      expected: 5,
      condition: 'DesiredWithinRange',
    },
  };
  it.each(Object.entries(cases))('%s', (_, tc) => {
    const b = scalingBehavior({ scaleUp: tc.scaleUpRules, scaleDown: tc.scaleDownRules }, 300);
    const r = convertDesiredReplicasWithBehaviorRate(
      { currentReplicas: tc.current, desiredReplicas: tc.desired, minReplicas: tc.min, maxReplicas: tc.max, now: NOW },
      b,
      { scaleUpEvents: tc.scaleUpEvents ?? [], scaleDownEvents: tc.scaleDownEvents ?? [] },
    );
    expect(r.replicas).toBe(tc.expected);
    expect(r.reason).toBe(tc.condition);
  });
});

describe('TestStoreScaleEvents', () => {
  interface Case {
    prev: TimestampedScaleEvent[];
    next: Array<[number, boolean]>;
    rules?: HPAScalingRules;
    change: number;
  }
  const cases: Record<string, Case> = {
    'empty entries with default behavior': { prev: [], next: [], change: 0 },
    'empty entries with two-policy-behavior': { prev: [], next: [[5, false]], rules: rules(10, 60, 100, 60, 0), change: 0 },
    'one outdated entry to be kept untouched without behavior': { prev: [ev(7, 61)], next: [[7, false]], change: 0 },
    'one outdated entry to be replaced with behavior': { prev: [ev(7, 61)], next: [[5, false]], rules: rules(10, 60, 100, 60, 0), change: 0 },
    'one actual entry to be not touched with behavior': { prev: [ev(7, 58)], next: [[7, false], [5, false]], rules: rules(10, 60, 100, 60, 0), change: 7 },
    'two entries, one of them to be replaced': { prev: [ev(7, 61), ev(6, 59)], next: [[5, false], [6, false]], rules: rules(10, 60, 0, 0, 0), change: 6 },
    'replace one entry, use policies with different periods': {
      prev: [ev(8, 29), ev(6, 59), ev(7, 61), ev(9, 61)],
      next: [[8, false], [6, false], [7, true], [5, false]],
      rules: rules(10, 60, 100, 30, 0),
      change: 14,
    },
    'two entries, both actual': { prev: [ev(7, 58), ev(6, 59)], next: [[7, false], [6, false], [5, false]], rules: rules(10, 120, 100, 30, 0), change: 13 },
  };
  it.each(Object.entries(cases))('%s', (_, tc) => {
    for (const dir of ['up', 'down'] as const) {
      expect(replicasChangePerPeriod(60, tc.prev, NOW)).toBe(tc.change);
      const behavior = tc.rules ? scalingBehavior(dir === 'up' ? { scaleUp: tc.rules } : { scaleDown: tc.rules }, 300) : undefined;
      const before = { scaleUpEvents: dir === 'up' ? [...tc.prev] : [], scaleDownEvents: dir === 'down' ? [...tc.prev] : [] };
      const after = storeScaleEvent(behavior, before, 10, dir === 'up' ? 15 : 5, NOW);
      const list = dir === 'up' ? after.scaleUpEvents : after.scaleDownEvents;
      expect(list.map((e) => [e.replicaChange, e.outdated])).toEqual(tc.next);
    }
  });
});

describe('TestConvertDesiredReplicasWithRules (legacy path; upstream tests run with scaleUpLimitFactor 8)', () => {
  it.each<[string, number, number, number, number, number, string]>([
    ['prenormalized desired replicas within range', 5, 7, 3, 8, 7, 'DesiredWithinRange'],
    ['prenormalized desired replicas < minReplicas', 3, 1, 2, 8, 2, 'TooFewReplicas'],
    ['prenormalized desired zeroed replicas within range', 1, 0, 0, 10, 0, 'DesiredWithinRange'],
    ['maxReplicas is the limit because maxReplicas < scaleUpLimit', 20, 1000, 1, 10, 10, 'TooManyReplicas'],
    ['scaleUpLimit is the limit because scaleUpLimit < maxReplicas', 3, 1000, 1, 2000, calculateScaleUpLimit(3, 8), 'ScaleUpLimit'],
  ])('%s', (_, current, desired, minR, maxR, expected, reason) => {
    const r = convertDesiredReplicasWithRules(current, desired, minR, maxR, calculateScaleUpLimit(current, 8));
    expect(r).toEqual({ replicas: expected, reason });
  });

  it('the production cap is max(2 × current, 4)', () => {
    expect(calculateScaleUpLimit(1)).toBe(4);
    expect(calculateScaleUpLimit(3)).toBe(6);
    expect(convertDesiredReplicasWithRules(3, 1000, 1, 2000)).toEqual({ replicas: 6, reason: 'ScaleUpLimit' });
  });
});

describe('scale limits with selectPolicy Min', () => {
  const minRules = { stabilizationWindowSeconds: 300, selectPolicy: 'Min' as const, policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] };
  it('TestCalculateScaleUpLimitWithScalingRules', () => expect(scaleUpLimit(1, [], [], minRules, NOW)).toBe(2));
  it('TestCalculateScaleDownLimitWithBehaviors', () => expect(scaleDownLimit(5, [], [], minRules, NOW)).toBe(3));
  it('selectPolicy Disabled allows no change either way', () => {
    const disabled = { ...minRules, selectPolicy: 'Disabled' as const };
    expect(scaleUpLimit(5, [], [], disabled, NOW)).toBe(5);
    expect(scaleDownLimit(5, [], [], disabled, NOW)).toBe(5);
    const b = scalingBehavior({ scaleDown: { selectPolicy: 'Disabled' } }, 300);
    expect(convertDesiredReplicasWithBehaviorRate({ currentReplicas: 5, desiredReplicas: 1, minReplicas: 1, maxReplicas: 10, now: NOW }, b, { scaleUpEvents: [], scaleDownEvents: [] })).toEqual({
      replicas: 5,
      reason: 'ScaleDownLimit',
    });
  });
});
