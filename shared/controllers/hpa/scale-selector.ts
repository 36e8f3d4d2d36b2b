import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelRequirement } from '../../selectors';
import type { HpaConditionUpdate } from './hpa-conditions';
import { HpaSelectorIndex } from './hpa-selector-index';
import { parsedSelector } from './parsed-selector';
import { PodLabelIndex } from './pod-label-index';

/** A selector problem: the Warning event upstream records, the ScalingActive condition and the error. */
export interface SelectorFailure {
  eventReason: string;
  eventMessage: string;
  condition: HpaConditionUpdate;
  error: string;
}

/**
 * validateAndParseSelector: the scale's status.selector must be present and parse, and the pods it
 * selects must not be selected by another HPA of the namespace (`otherHpaSelectors`: their last
 * selectors by name, null when not yet known, which selects nothing; or those kept in an
 * HpaSelectorIndex, which this HPA's own entry in it does not count against). Returns the selected
 * pods. `pods` may come as a PodLabelIndex over them, which a batch of syncs shares.
 */
export function validateScaleSelector(
  selector: string | undefined,
  hpaName: string,
  namespace: string,
  pods: readonly Pod[] | PodLabelIndex,
  otherHpaSelectors: Readonly<Record<string, string | null>> | HpaSelectorIndex = {},
): { pods: Pod[]; requirements: readonly LabelRequirement[] } | SelectorFailure {
  if (!selector) {
    const m = 'selector is required';
    return { eventReason: 'SelectorRequired', eventMessage: m, error: m, condition: invalid('the HPA target\'s scale is missing a selector') };
  }
  let requirements: readonly LabelRequirement[];
  try {
    requirements = parsedSelector(selector);
  } catch (e) {
    const m = `couldn't convert selector into a corresponding internal selector object: ${(e as Error).message}`;
    return { eventReason: 'InvalidSelector', eventMessage: m, error: m, condition: invalid(m) };
  }
  const index = pods instanceof PodLabelIndex ? pods : new PodLabelIndex(pods);
  const selected = index.select(requirements).filter((p) => (p.metadata?.namespace ?? namespace) === namespace);
  const others = otherHpaSelectors instanceof HpaSelectorIndex ? otherHpaSelectors : HpaSelectorIndex.of(otherHpaSelectors);
  const controlling = new Set<string>(selected.length > 0 ? [`${namespace}/${hpaName}`] : []);
  for (const name of others.selecting(selected, hpaName)) controlling.add(`${namespace}/${name}`);
  if (controlling.size > 1) {
    const m = `pods by selector ${selector} are controlled by multiple HPAs: [${[...controlling].sort().join(' ')}]`;
    return { eventReason: 'AmbiguousSelector', eventMessage: m, error: m, condition: { ...invalid(m), reason: 'AmbiguousSelector' } };
  }
  return { pods: selected, requirements };
}

function invalid(message: string): HpaConditionUpdate {
  return { type: 'ScalingActive', status: 'False', reason: 'InvalidSelector', message };
}
