/**
 * Predicate and priority names of the original scheduler (Policy API), accepted in configuration and
 * mapped to today's plugins (framework/plugins/legacy_registry.go):
 *
 * | legacy name                | plugin                          | note                                              |
 * |----------------------------|---------------------------------|---------------------------------------------------|
 * | PodFitsResources           | NodeResourcesFit                | filter                                            |
 * | PodFitsHostPorts           | NodePorts                       |                                                   |
 * | HostName                   | NodeName                        |                                                   |
 * | MatchNodeSelector          | NodeAffinity                    | nodeSelector + required node affinity             |
 * | MatchInterPodAffinity      | InterPodAffinity                |                                                   |
 * | PodToleratesNodeTaints     | TaintToleration                 |                                                   |
 * | CheckNodeUnschedulable     | NodeUnschedulable               |                                                   |
 * | CheckNodeMemoryPressure    | TaintToleration                 | node.kubernetes.io/memory-pressure:NoSchedule     |
 * | NoVolumeZoneConflict       | VolumeZone                      |                                                   |
 * | NoDiskConflict             | VolumeRestrictions              |                                                   |
 * | CheckVolumeBinding         | VolumeBinding                   |                                                   |
 * | LeastRequested             | NodeResourcesFit                | scoringStrategy LeastAllocated                    |
 * | MostRequested              | NodeResourcesFit                | scoringStrategy MostAllocated                     |
 * | RequestedToCapacityRatio   | NodeResourcesFit                | scoringStrategy RequestedToCapacityRatio          |
 * | BalancedResourceAllocation | NodeResourcesBalancedAllocation |                                                   |
 * | SelectorSpread             | PodTopologySpread               | system default constraints (hostname 3, zone 5)   |
 * | NodeAffinity               | NodeAffinity                    | preferred terms                                   |
 * | TaintToleration            | TaintToleration                 | PreferNoSchedule                                  |
 * | ImageLocality              | ImageLocality                   |                                                   |
 * | NodePreferAvoidPods        | (none)                          | removed upstream in 1.24; accepted and ignored    |
 */
export interface LegacyMapping {
  plugin: string | null;
  strategy?: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
}

/** The mapping table above, as data. */
export const LEGACY_NAMES: Record<string, LegacyMapping> = {
  PodFitsResources: { plugin: 'NodeResourcesFit' },
  PodFitsHostPorts: { plugin: 'NodePorts' },
  HostName: { plugin: 'NodeName' },
  MatchNodeSelector: { plugin: 'NodeAffinity' },
  MatchInterPodAffinity: { plugin: 'InterPodAffinity' },
  PodToleratesNodeTaints: { plugin: 'TaintToleration' },
  CheckNodeUnschedulable: { plugin: 'NodeUnschedulable' },
  CheckNodeMemoryPressure: { plugin: 'TaintToleration' },
  NoVolumeZoneConflict: { plugin: 'VolumeZone' },
  NoDiskConflict: { plugin: 'VolumeRestrictions' },
  CheckVolumeBinding: { plugin: 'VolumeBinding' },
  LeastRequested: { plugin: 'NodeResourcesFit', strategy: 'LeastAllocated' },
  MostRequested: { plugin: 'NodeResourcesFit', strategy: 'MostAllocated' },
  RequestedToCapacityRatio: { plugin: 'NodeResourcesFit', strategy: 'RequestedToCapacityRatio' },
  BalancedResourceAllocation: { plugin: 'NodeResourcesBalancedAllocation' },
  SelectorSpread: { plugin: 'PodTopologySpread' },
  NodePreferAvoidPods: { plugin: null },
};
