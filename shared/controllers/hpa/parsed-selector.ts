import { parseLabelSelector, type LabelRequirement } from '../../selectors';

/**
 * Parsed selectors by their text. Each sync checks its pods against the other HPAs of the namespace
 * (upstream's ambiguity check) and the metrics client selects its pods again, so a round of H HPAs
 * would parse H² selectors: 100 HPAs, 10 000 parses every 15 s of cluster time. The same text always
 * parses the same (a failure is thrown again, not kept); the requirements are only read. Bounded:
 * emptied when it reaches SELECTOR_CACHE_MAX texts.
 */
const parsed = new Map<string, LabelRequirement[]>();
const SELECTOR_CACHE_MAX = 10_000;

/** parseLabelSelector, once per text (throws as it does). */
export function parsedSelector(selector: string): readonly LabelRequirement[] {
  let reqs = parsed.get(selector);
  if (!reqs) {
    reqs = parseLabelSelector(selector);
    if (parsed.size >= SELECTOR_CACHE_MAX) parsed.clear();
    parsed.set(selector, reqs);
  }
  return reqs;
}
