import type { Plugin } from './framework';
import { defaultPreemption } from './plugins/default-preemption';
import { imageLocality } from './plugins/image-locality';
import { interPodAffinity } from './plugins/inter-pod-affinity';
import { defaultBinder, nodeName, nodePorts, nodeUnschedulable, prioritySort, schedulingGates } from './plugins/node-basics';
import { nodeAffinity } from './plugins/node-affinity';
import { nodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation';
import { nodeResourcesFit } from './plugins/node-resources-fit';
import { podTopologySpread } from './plugins/pod-topology-spread';
import { taintToleration } from './plugins/taint-toleration';
import { nodeVolumeLimits, volumeBinding, volumeRestrictions, volumeZone } from './plugins/volumes';

/** Builds a plugin from its (already defaulted) args. */
export type PluginFactory = (args: never) => Plugin;

/** The in-tree registry: plugin name → factory (plugins.NewInTreeRegistry, the part Kubeflare implements). */
export const REGISTRY: Record<string, PluginFactory> = {
  SchedulingGates: schedulingGates,
  PrioritySort: prioritySort,
  NodeUnschedulable: nodeUnschedulable,
  NodeName: nodeName,
  TaintToleration: taintToleration,
  NodeAffinity: nodeAffinity,
  NodePorts: nodePorts,
  NodeResourcesFit: nodeResourcesFit,
  VolumeRestrictions: volumeRestrictions,
  NodeVolumeLimits: nodeVolumeLimits,
  VolumeBinding: volumeBinding,
  VolumeZone: volumeZone,
  PodTopologySpread: podTopologySpread,
  InterPodAffinity: interPodAffinity,
  DefaultPreemption: defaultPreemption,
  NodeResourcesBalancedAllocation: nodeResourcesBalancedAllocation,
  ImageLocality: imageLocality,
  DefaultBinder: defaultBinder,
};

/** A plugin entry in configuration. */
export interface PluginRef {
  name: string;
  weight?: number;
}

/**
 * The v1 default profile (apis/config/v1/default_plugins.go): all enabled through multiPoint, in this order,
 * which is also the Filter order and so decides which reason a rejected node reports.
 */
export const DEFAULT_MULTI_POINT: PluginRef[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions' },
  { name: 'NodeVolumeLimits' },
  { name: 'VolumeBinding' },
  { name: 'VolumeZone' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/** Extension points as named in KubeSchedulerConfiguration, with upstream's plugin interface names. */
export const EXTENSION_POINTS = {
  preEnqueue: 'PreEnqueuePlugin',
  queueSort: 'QueueSortPlugin',
  preFilter: 'PreFilterPlugin',
  filter: 'FilterPlugin',
  postFilter: 'PostFilterPlugin',
  preScore: 'PreScorePlugin',
  score: 'ScorePlugin',
  reserve: 'ReservePlugin',
  permit: 'PermitPlugin',
  preBind: 'PreBindPlugin',
  bind: 'BindPlugin',
  postBind: 'PostBindPlugin',
} as const;

/** A configuration extension point name. */
export type ExtensionPoint = keyof typeof EXTENSION_POINTS;

const METHOD: Record<ExtensionPoint, keyof Plugin | null> = {
  preEnqueue: null,
  queueSort: 'less',
  preFilter: 'preFilter',
  filter: 'filter',
  postFilter: 'postFilter',
  preScore: 'preScore',
  score: 'score',
  reserve: 'reserve',
  permit: 'permit',
  preBind: 'preBind',
  bind: 'bind',
  postBind: null,
};

/** Whether a plugin serves an extension point (SchedulingGates is the only PreEnqueue plugin; it lives in the queue). */
export function implementsPoint(p: Plugin, point: ExtensionPoint): boolean {
  if (point === 'preEnqueue') return p.name === 'SchedulingGates';
  const m = METHOD[point];
  return m !== null && typeof p[m] === 'function';
}
