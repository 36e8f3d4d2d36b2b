import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { LABEL_EXCLUDE_DISRUPTION, type NodeLifecycleConfig } from './config';

/** A zone's disruption state; Initial until the first monitor pass has judged it. */
export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/**
 * nodetopology.GetZoneKey: region and zone (topology.kubernetes.io labels, else the deprecated
 * failure-domain.beta ones) joined by ":\0:"; "" for a node with neither.
 */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\0:${zone}`;
}

/** isNodeExcludedFromDisruptionChecks: the node carries node.kubernetes.io/exclude-disruption (any value). */
export function isNodeExcludedFromDisruptionChecks(node: Node): boolean {
  return Object.hasOwn(node.metadata?.labels ?? {}, LABEL_EXCLUDE_DISRUPTION);
}

/**
 * ComputeZoneState over the zone's Ready conditions (undefined for a node without one, which counts
 * as not ready): FullDisruption when none is ready, PartialDisruption when more than 2 are not ready
 * and they are at least `unhealthyZoneThreshold` of the zone, else Normal.
 */
export function computeZoneState(
  readyConditions: readonly (NodeCondition | undefined)[],
  unhealthyZoneThreshold: number,
): { notReady: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const c of readyConditions) {
    if (c?.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { notReady, state: 'FullDisruption' };
  // upstream compares float32 values; the threshold is a float32 flag too.
  if (notReady > 2 && Math.fround(notReady / (notReady + ready)) >= Math.fround(unhealthyZoneThreshold)) {
    return { notReady, state: 'PartialDisruption' };
  }
  return { notReady, state: 'Normal' };
}

/**
 * setLimiterInZone: the eviction rate for a zone entering `state` — evictionLimiterQps when Normal
 * or FullDisruption (HealthyQPSFunc), and when PartialDisruption (ReducedQPSFunc) the secondary
 * rate for zones larger than largeClusterThreshold, else 0. Undefined for Initial (no change).
 */
export function zoneEvictionQps(state: ZoneState, zoneSize: number, config: NodeLifecycleConfig): number | undefined {
  switch (state) {
    case 'Normal':
    case 'FullDisruption':
      return config.evictionLimiterQps;
    case 'PartialDisruption':
      return zoneSize > config.largeClusterThreshold ? config.secondaryEvictionLimiterQps : 0;
    default:
      return undefined;
  }
}

/** What handleDisruption decided. */
export interface DisruptionDecision {
  /** The zone states to keep (zones without nodes are dropped). */
  zoneStates: Record<string, ZoneState>;
  /** New eviction rates per zone (SwapLimiter); zones not listed keep theirs. */
  limiterQps: Record<string, number>;
  /**
   * EnterMasterDisruption: every zone is fully disrupted — remove the NoExecute not-ready/unreachable
   * taints from every node, empty the queues' sets for them, stop all evictions.
   * ExitMasterDisruption: some node is Ready again — reset every node's probe and ready-transition
   * timestamps to now so none is judged on stale data.
   */
  transition?: 'EnterMasterDisruption' | 'ExitMasterDisruption';
}

/**
 * handleDisruption: new zone states from each zone's Ready conditions (nodes excluded from
 * disruption checks already left out), against the previous states.
 */
export function handleDisruption(
  previous: Readonly<Record<string, ZoneState>>,
  zoneToReadyConditions: Readonly<Record<string, readonly (NodeCondition | undefined)[]>>,
  config: NodeLifecycleConfig,
): DisruptionDecision {
  const zoneStates: Record<string, ZoneState> = {};
  const newStates: Record<string, ZoneState> = {};
  let allAreFullyDisrupted = true;
  for (const [zone, conditions] of Object.entries(zoneToReadyConditions)) {
    const { state } = computeZoneState(conditions, config.unhealthyZoneThreshold);
    if (state !== 'FullDisruption') allAreFullyDisrupted = false;
    newStates[zone] = state;
    zoneStates[zone] = previous[zone] ?? 'Initial';
  }
  // Zones whose nodes are all gone (or excluded) are forgotten; upstream stops deleting at the
  // first zone that was not fully disrupted (map order), which only delays the cleanup a pass.
  let allWasFullyDisrupted = true;
  for (const state of Object.values(zoneStates)) if (state !== 'FullDisruption') allWasFullyDisrupted = false;

  const limiterQps: Record<string, number> = {};
  const size = (zone: string) => zoneToReadyConditions[zone]?.length ?? 0;
  if (allAreFullyDisrupted && allWasFullyDisrupted) return { zoneStates, limiterQps };
  if (allAreFullyDisrupted) {
    for (const zone of Object.keys(zoneStates)) {
      limiterQps[zone] = 0;
      zoneStates[zone] = 'FullDisruption';
    }
    return { zoneStates, limiterQps, transition: 'EnterMasterDisruption' };
  }
  if (allWasFullyDisrupted) {
    for (const zone of Object.keys(zoneStates)) {
      const state = newStates[zone] as ZoneState;
      const qps = zoneEvictionQps(state, size(zone), config);
      if (qps !== undefined) limiterQps[zone] = qps;
      zoneStates[zone] = state;
    }
    return { zoneStates, limiterQps, transition: 'ExitMasterDisruption' };
  }
  for (const zone of Object.keys(zoneStates)) {
    const state = newStates[zone] as ZoneState;
    if (zoneStates[zone] === state) continue;
    const qps = zoneEvictionQps(state, size(zone), config);
    if (qps !== undefined) limiterQps[zone] = qps;
    zoneStates[zone] = state;
  }
  return { zoneStates, limiterQps };
}
