import type { Pod } from 'kubernetes-types/core/v1';
import { matchesLabels, parseLabelSelector, type LabelRequirement } from '../../selectors';
import type { HpaConditionUpdate } from './hpa-conditions';

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
 * selectors by name, null when not yet known, which selects nothing). Returns the selected pods.
 */
export function validateScaleSelector(
  selector: string | undefined,
  hpaName: string,
  namespace: string,
  pods: readonly Pod[],
  otherHpaSelectors: Readonly<Record<string, string | null>> = {},
): { pods: Pod[]; requirements: LabelRequirement[] } | SelectorFailure {
  if (!selector) {
    const m = 'selector is required';
    return { eventReason: 'SelectorRequired', eventMessage: m, error: m, condition: invalid('the HPA target\'s scale is missing a selector') };
  }
  let requirements: LabelRequirement[];
  try {
    requirements = parseLabelSelector(selector);
  } catch (e) {
    const m = `couldn't convert selector into a corresponding internal selector object: ${(e as Error).message}`;
    return { eventReason: 'InvalidSelector', eventMessage: m, error: m, condition: invalid(m) };
  }
  const selected = pods.filter((p) => (p.metadata?.namespace ?? namespace) === namespace && matchesLabels(requirements, p.metadata?.labels));
  const controlling = new Set<string>(selected.length > 0 ? [`${namespace}/${hpaName}`] : []);
  for (const [name, sel] of Object.entries(otherHpaSelectors)) {
    if (name === hpaName || sel === null) continue;
    let reqs: LabelRequirement[];
    try {
      reqs = parseLabelSelector(sel);
    } catch {
      continue;
    }
    if (selected.some((p) => matchesLabels(reqs, p.metadata?.labels))) controlling.add(`${namespace}/${name}`);
  }
  if (controlling.size > 1) {
    const m = `pods by selector ${selector} are controlled by multiple HPAs: [${[...controlling].sort().join(' ')}]`;
    return { eventReason: 'AmbiguousSelector', eventMessage: m, error: m, condition: { ...invalid(m), reason: 'AmbiguousSelector' } };
  }
  return { pods: selected, requirements };
}

function invalid(message: string): HpaConditionUpdate {
  return { type: 'ScalingActive', status: 'False', reason: 'InvalidSelector', message };
}
