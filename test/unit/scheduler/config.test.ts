import { describe, expect, test } from 'vitest';
import { buildSnapshot, defaultSchedulerConfig, parseSchedulerConfiguration, scheduleOne, schedulerConfigError } from '../../../shared/scheduler';
import { node, pod } from './fixtures';

const cfg = (profile: object, top: object = {}) => ({ apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', profiles: [{ schedulerName: 'default-scheduler', ...profile }], ...top });

describe('KubeSchedulerConfiguration', () => {
  test('the default profile: upstream v1.32 plugins and weights', () => {
    const p = defaultSchedulerConfig().profiles.get('default-scheduler')!;
    expect(p.score.map((s) => [s.plugin.name, s.weight])).toEqual([
      ['TaintToleration', 3],
      ['NodeAffinity', 2],
      ['NodeResourcesFit', 1],
      ['PodTopologySpread', 2],
      ['InterPodAffinity', 2],
      ['NodeResourcesBalancedAllocation', 1],
      ['ImageLocality', 1],
    ]);
    expect(p.filter.map((f) => f.name)).toEqual([
      'NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit',
      'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity',
    ]);
    expect(p.postFilter.map((f) => f.name)).toEqual(['DefaultPreemption']);
    expect(p.bind.map((f) => f.name)).toEqual(['DefaultBinder']);
  });

  test.each([
    ['unknown plugin', cfg({ plugins: { filter: { enabled: [{ name: 'Nope' }] } } }), 'profiles[0].plugins.filter.enabled[0]', 'Invalid value: "Nope": FilterPlugin "Nope" does not exist'],
    ['plugin at a point it does not serve', cfg({ plugins: { score: { enabled: [{ name: 'NodeName' }] } } }), 'profiles[0].plugins.score.enabled[0]', 'Invalid value: "NodeName": plugin "NodeName" does not extend ScorePlugin plugin'],
    ['negative weight', cfg({ plugins: { score: { enabled: [{ name: 'ImageLocality', weight: -1 }] } } }), 'profiles[0].plugins.score.enabled', 'Invalid value: -1: weight of plugin "ImageLocality" must be greater than or equal to 0'],
    ['bad strategy type', cfg({ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'Random' } } }] }), 'profiles[0].pluginConfig[0].args.scoringStrategy.type', 'Unsupported value: "Random": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"'],
    ['resource weight 0', cfg({ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 0 }] } } }] }), 'profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight', 'Invalid value: 0: resource weight of cpu not in valid range (0, 100]'],
    ['unsorted shape', cfg({ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 50, score: 1 }, { utilization: 10, score: 2 }] } } } }] }), 'profiles[0].pluginConfig[0].args.scoringStrategy.shape[1].utilization', 'Invalid value: 10: utilization values must be sorted in increasing order'],
    ['shape score over 10', cfg({ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 11 }] } } } }] }), 'profiles[0].pluginConfig[0].args.scoringStrategy.shape[0].score', 'Invalid value: 11: not in valid range [0, 10]'],
    ['percentage', cfg({}, { percentageOfNodesToScore: 120 }), 'percentageOfNodesToScore', 'Invalid value: 120: not in valid range [0-100]'],
    ['hardPodAffinityWeight', cfg({ pluginConfig: [{ name: 'InterPodAffinity', args: { hardPodAffinityWeight: 101 } }] }), 'profiles[0].pluginConfig[0].args.hardPodAffinityWeight', 'Invalid value: 101: not in valid range [0, 100]'],
  ])('%s', (_n, raw, field, message) => {
    const r = parseSchedulerConfiguration(raw);
    expect(r.causes).toContainEqual(expect.objectContaining({ field, message }));
  });

  test('duplicate schedulerName and a 422 naming the field', () => {
    const r = parseSchedulerConfiguration({ profiles: [{ schedulerName: 'a' }, { schedulerName: 'a' }] });
    expect(r.causes).toEqual([expect.objectContaining({ field: 'profiles[1].schedulerName', message: 'Duplicate value: "profiles[0].schedulerName"' })]);
    const e = schedulerConfigError('config', r.causes!);
    expect([e.code, e.message]).toEqual([422, 'KubeSchedulerConfiguration.kubescheduler.config.k8s.io "config" is invalid: profiles[1].schedulerName: Duplicate value: "profiles[0].schedulerName"']);
  });

  test("disabling '*' at score and enabling one plugin with a weight", () => {
    const r = parseSchedulerConfiguration(cfg({ plugins: { score: { disabled: [{ name: '*' }], enabled: [{ name: 'ImageLocality', weight: 7 }] } } }));
    expect(r.config!.profiles.get('default-scheduler')!.score.map((s) => [s.plugin.name, s.weight])).toEqual([['ImageLocality', 7]]);
  });

  test('several profiles, selected by schedulerName', () => {
    const r = parseSchedulerConfiguration({ profiles: [{ schedulerName: 'default-scheduler' }, { schedulerName: 'bin-packing', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }] }] });
    expect([...r.config!.profiles.keys()]).toEqual(['default-scheduler', 'bin-packing']);
    const s = buildSnapshot({ nodes: [node('empty'), node('busy')], pods: [pod('e', { cpu: '2', memory: '16Gi' }, { node: 'busy' })] });
    const busy = scheduleOne(pod('p', { cpu: '1', memory: '1Gi' }), s, r.config!.profiles.get('bin-packing')!, { rand: () => 0 });
    const spread = scheduleOne(pod('p', { cpu: '1', memory: '1Gi' }), s, r.config!.profiles.get('default-scheduler')!, { rand: () => 0 });
    expect([busy.node, spread.node]).toEqual(['busy', 'empty']);
  });

  test.each([
    ['MostRequested', 'busy'],
    ['LeastRequested', 'empty'],
  ])('legacy priority %s maps to NodeResourcesFit', (legacy, want) => {
    const r = parseSchedulerConfiguration(cfg({ plugins: { score: { disabled: [{ name: '*' }], enabled: [{ name: legacy, weight: 1 }] } } }));
    const p = r.config!.profiles.get('default-scheduler')!;
    expect(p.score.map((s) => s.plugin.name)).toEqual(['NodeResourcesFit']);
    const s = buildSnapshot({ nodes: [node('empty'), node('busy')], pods: [pod('e', { cpu: '2', memory: '16Gi' }, { node: 'busy' })] });
    expect(scheduleOne(pod('p', { cpu: '1' }), s, p, { rand: () => 0 }).node).toBe(want);
  });

  test('legacy predicates and NodePreferAvoidPods are accepted', () => {
    const names = ['PodFitsResources', 'PodFitsHostPorts', 'HostName', 'MatchNodeSelector', 'MatchInterPodAffinity', 'PodToleratesNodeTaints', 'CheckNodeUnschedulable', 'CheckNodeMemoryPressure'];
    const r = parseSchedulerConfiguration(cfg({ plugins: { filter: { disabled: [{ name: '*' }], enabled: names.map((name) => ({ name })) }, score: { enabled: [{ name: 'NodePreferAvoidPods', weight: 10000 }, { name: 'SelectorSpread' }, { name: 'BalancedResourceAllocation' }] } } }));
    expect(r.causes).toBeUndefined();
    expect(r.config!.profiles.get('default-scheduler')!.filter.map((f) => f.name)).toEqual(['NodeResourcesFit', 'NodePorts', 'NodeName', 'NodeAffinity', 'InterPodAffinity', 'TaintToleration', 'NodeUnschedulable']);
  });
});
