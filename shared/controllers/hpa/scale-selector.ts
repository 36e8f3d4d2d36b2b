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
    requirements = parsedSelector(selector);
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
      reqs = parsedSelector(sel);
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

/**
 * Parsed selectors by their text. Each sync checks its pods against every other HPA of the namespace
 * (upstream's ambiguity check), so a round of H HPAs parsed H² selectors: 100 HPAs, 10 000 parses every
 * 15 s of cluster time. The same text always parses the same (a failure is thrown again, not kept);
 * the requirements are only read. Bounded: emptied when it reaches SELECTOR_CACHE_MAX texts.
 */
const parsed = new Map<string, LabelRequirement[]>();
const SELECTOR_CACHE_MAX = 10_000;

function parsedSelector(selector: string): LabelRequirement[] {
  let reqs = parsed.get(selector);
  if (!reqs) {
    reqs = parseLabelSelector(selector);
    if (parsed.size >= SELECTOR_CACHE_MAX) parsed.clear();
    parsed.set(selector, reqs);
  }
  return reqs;
}

function invalid(message: string): HpaConditionUpdate {
  return { type: 'ScalingActive', status: 'False', reason: 'InvalidSelector', message };
}
