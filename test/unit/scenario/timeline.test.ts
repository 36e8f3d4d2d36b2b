import type { Event } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  changes,
  clockLabel,
  eventEntry,
  formatEntry,
  groupEntries,
  isDecisionEvent,
  loadCurves,
  newTally,
  observe,
  parseScenario,
  summaryLines,
  tallyEvent,
  tallyObservation,
  type ClusterView,
  type Scenario,
} from '../../../shared/scenario';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const node = (name: string, zone: string, ready: string, taints: string[] = [], reason = '', message = '') => ({
  metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } },
  spec: { taints: taints.map((t) => ({ key: t.split(':')[0]!, effect: t.split(':')[1]! })) },
  status: { conditions: [{ type: 'Ready', status: ready, reason, message }] },
});
const hpa = (current: number, desired: number, utilization: number, able: [string, string]) => ({
  metadata: { name: 'web' },
  spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
  status: {
    currentReplicas: current,
    desiredReplicas: desired,
    currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: utilization } } }],
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: able[0], message: able[1] },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'ok' },
    ],
  },
});
const view = (now: number, v: Partial<ClusterView>): ClusterView => ({ now, nodes: [], deployments: [], hpas: [], pods: [], ...v }) as ClusterView;
const STABILIZED = 'recent recommendations were higher than current one, applying the highest recent recommendation';

describe('timeline', () => {
  it('labels cluster time from t = 0', () => {
    expect([clockLabel(0), clockLabel(125_999), clockLabel(3_725_000), clockLabel(-5_000)]).toEqual(['+00:00', '+02:05', '+1:02:05', '-00:05']);
  });

  it('reports what changed: replicas, HPA targets and the condition explaining a hold, nodes, taints, zones, evictions', () => {
    const a = observe(
      view(T0, {
        deployments: [{ metadata: { name: 'web' }, spec: { replicas: 8 }, status: { readyReplicas: 8 } }],
        hpas: [hpa(8, 8, 50, ['ReadyForNewScale', 'recommended size matches current size'])],
        nodes: [node('n1', 'zone-b', 'True'), node('n2', 'zone-b', 'True'), node('n3', 'zone-a', 'True')],
        pods: [{ metadata: { name: 'p1' }, spec: { nodeName: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }],
      } as unknown as Partial<ClusterView>),
    );
    const b = observe(
      view(T0 + 60_000, {
        deployments: [{ metadata: { name: 'web' }, spec: { replicas: 8 }, status: { readyReplicas: 8 } }],
        hpas: [hpa(8, 8, 12, ['ScaleDownStabilized', STABILIZED])],
        nodes: [
          node('n1', 'zone-b', 'Unknown', ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute'], 'NodeStatusUnknown', 'Kubelet stopped posting node status.'),
          node('n2', 'zone-b', 'Unknown', ['node.kubernetes.io/unreachable:NoSchedule'], 'NodeStatusUnknown', 'Kubelet stopped posting node status.'),
          node('n3', 'zone-a', 'True'),
        ],
        pods: [{ metadata: { name: 'p1' }, spec: { nodeName: 'n1' }, status: { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager' }] } }],
      } as unknown as Partial<ClusterView>),
    );
    expect(changes(undefined, a).map((e) => `${e.subject} ${e.what}`)).toEqual([
      'deployment/web replicas 8 (8 ready)',
      'hpa/web cpu: 50%/50%, 8 current, 8 desired',
      'hpa/web AbleToScale=True ReadyForNewScale',
      'zone/zone-a 1/1 Ready, Normal',
      'zone/zone-b 2/2 Ready, Normal',
    ]);
    const lines = groupEntries(changes(a, b)).map((e) => formatEntry(e, T0));
    expect(lines).toEqual([
      '   +01:00  hpa/web                  cpu: 12%/50%, 8 current, 8 desired',
      `   +01:00  hpa/web                  AbleToScale=True ScaleDownStabilized\n                                    └ ${STABILIZED}`,
      '   +01:00  nodes ×2                 Ready True → Unknown (NodeStatusUnknown): n1, n2\n                                    └ Kubelet stopped posting node status.',
      '   +01:00  node/n1                  tainted node.kubernetes.io/unreachable:NoExecute, node.kubernetes.io/unreachable:NoSchedule',
      '   +01:00  node/n2                  tainted node.kubernetes.io/unreachable:NoSchedule',
      '   +01:00  zone/zone-b              0/2 Ready, FullDisruption',
      '   +01:00  pod/p1                   marked for eviction on n1\n                                    └ DeletionByTaintManager',
    ]);
    expect(changes(b, b)).toEqual([]);
  });

  it('keeps the HPA\'s, node lifecycle and taint manager events, not a kubelet\'s routine ones', () => {
    const nodes = new Set(['n1']);
    const ev = (kind: string, name: string, reason: string, component = 'kubelet'): Event => ({ metadata: {}, involvedObject: { kind, name }, reason, source: { component }, message: 'm' });
    expect(isDecisionEvent(ev('HorizontalPodAutoscaler', 'web', 'SuccessfulRescale'), nodes)).toBe(true);
    expect(isDecisionEvent(ev('Node', 'n1', 'NodeNotReady', 'node-controller'), nodes)).toBe(true);
    expect(isDecisionEvent(ev('Node', 'n1', 'NodeHasSufficientMemory'), nodes)).toBe(false);
    expect(isDecisionEvent(ev('Node', 'other', 'NodeNotReady'), nodes)).toBe(false);
    expect(isDecisionEvent(ev('Pod', 'p', 'TaintManagerEviction', 'taint-eviction-controller'), nodes)).toBe(true);
    expect(isDecisionEvent(ev('Pod', 'p', 'Pulled'), nodes)).toBe(false);
    expect(eventEntry({ metadata: {}, involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'web' }, reason: 'SuccessfulRescale', message: 'New size: 4; reason: x', lastTimestamp: iso(T0 + 5000) })).toEqual({
      at: T0 + 5000,
      subject: 'hpa/web',
      what: 'SuccessfulRescale',
      why: 'New size: 4; reason: x',
    });
  });
});

const SCENARIO = `name: spike
duration: 20m
objects:
  - apiVersion: kubeflare.dev/v1alpha1
    kind: WorkloadProfile
    metadata: { name: web }
    spec: { load: { cpuPerRequest: 2m, requestsPerSecond: { type: constant, value: 100 } } }
  - { apiVersion: kubeflare.dev/v1alpha1, kind: NodePool, metadata: { name: pool }, spec: { zones: [a, b] } }
steps:
  - { at: 8m, load: { profile: web, requestsPerSecond: 100 } }
  - { at: 2m, load: { profile: web, requestsPerSecond: 400 } }
  - { at: 1m, failZone: { pool: pool, zone: b } }
`;
const scenario = (parseScenario(SCENARIO) as { scenario: Scenario }).scenario;

describe('load curves', () => {
  it('turn load steps into one step curve per profile on the cluster clock, starting from the declared rate', () => {
    expect(loadCurves(scenario, T0)).toEqual({
      web: { type: 'step', clock: 'wall', steps: [{ at: 0, value: 100 }, { at: T0 / 1000 + 120, value: 400 }, { at: T0 / 1000 + 480, value: 100 }] },
    });
  });
});

describe('summary', () => {
  it('tells rescales against load changes, holds by the window, and a failed zone\'s timing and eviction pace', () => {
    const t = newTally(T0);
    const load = (at: number) => scenario.steps.find((s) => s.at === at)!;
    t.done.push({ at: T0 + 60_000, step: load(60_000), nodes: ['n1', 'n2'] }, { at: T0 + 120_000, step: load(120_000) }, { at: T0 + 480_000, step: load(480_000) });
    const obs = (now: number, able: string, replicas: number, n1: string, n2: string, taints: string[][]) =>
      observe(
        view(now, {
          deployments: [{ metadata: { name: 'web' }, spec: { replicas } }],
          hpas: [hpa(replicas, replicas, 50, [able, ''])],
          nodes: [node('n1', 'b', n1, taints[0]), node('n2', 'b', n2, taints[1]), node('n3', 'a', 'True')],
        } as unknown as Partial<ClusterView>),
      );
    tallyObservation(t, obs(T0, 'ReadyForNewScale', 2, 'True', 'True', [[], []]));
    tallyObservation(t, obs(T0 + 115_000, 'ReadyForNewScale', 2, 'Unknown', 'Unknown', [[], []]));
    tallyObservation(t, obs(T0 + 200_000, 'ReadyForNewScale', 8, 'Unknown', 'Unknown', [['x:NoExecute'], []]));
    tallyObservation(t, obs(T0 + 210_000, 'ReadyForNewScale', 8, 'Unknown', 'Unknown', [['x:NoExecute'], ['x:NoExecute']]));
    tallyObservation(t, obs(T0 + 500_000, 'ScaleDownStabilized', 8, 'Unknown', 'Unknown', [['x:NoExecute'], ['x:NoExecute']]));
    tallyObservation(t, obs(T0 + 800_000, 'SucceededRescale', 2, 'Unknown', 'Unknown', [['x:NoExecute'], ['x:NoExecute']]));
    for (const [at, size, why] of [[125_000, 8, 'cpu resource utilization (percentage of request) above target'], [785_000, 2, 'All metrics below target']] as const) {
      tallyEvent(t, { metadata: {}, involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'web' }, reason: 'SuccessfulRescale', message: `New size: ${size}; reason: ${why}`, lastTimestamp: iso(T0 + at) });
    }
    expect(summaryLines(scenario, t, { end: T0 + 1_200_000, wallMs: 20_000 })).toEqual([
      'Summary of spike: 20m0s of cluster time in 20.0 s of wall time (60× real time)',
      '  deployment/web: 2 replicas at the start, 8 at most, 2 at least, 2 at the end',
      '  hpa/web: 2 rescales',
      '    +02:05 to 8, 5s after the load went to 400/s at +02:00: reason: cpu resource utilization (percentage of request) above target',
      '    +13:05 down to 2, 5m5s after the load went to 100/s at +08:00: reason: All metrics below target',
      '    held at 8 from +08:20 to +13:20 (5m0s): lower recommendations waited for the scale-down stabilization window',
      '  zone b failed at +01:00 (2 nodes):',
      '    not Ready 55s–55s after the kubelets stopped (grace period 50s), 2/2 nodes',
      '    tainted NoExecute at +03:20, +03:30, one every 10s on average (rate-limited per zone)',
      '  evictions: none observed',
      '  zone states (the node lifecycle rule over Ready conditions): a Normal; b Normal → FullDisruption (+01:55)',
    ]);
  });
});
