import type { Profile } from './framework';
import type { ScheduleResult } from './schedule-one';

/** Annotation keys, as kube-scheduler-simulator records a cycle on the pod. */
export const ANNOTATION_PREFIX = 'kube-scheduler-simulator.sigs.k8s.io';
export const FILTER_RESULT = `${ANNOTATION_PREFIX}/filter-result`;
export const SCORE_RESULT = `${ANNOTATION_PREFIX}/score-result`;
export const FINAL_SCORE_RESULT = `${ANNOTATION_PREFIX}/finalscore-result`;
export const SELECTED_NODE = `${ANNOTATION_PREFIX}/selected-node`;

/**
 * The simulator-style annotations of one cycle: filter-result {node: {plugin: "passed" | reason}},
 * score-result {node: {plugin: raw}} and finalscore-result {node: {plugin: normalized×weight}}, as JSON strings.
 */
export function explainAnnotations(result: ScheduleResult, profile: Profile): Record<string, string> {
  const filter: Record<string, Record<string, string>> = {};
  for (const n of result.feasibleNodes) filter[n] = Object.fromEntries(profile.filter.map((p) => [p.name, 'passed']));
  for (const [n, s] of Object.entries(result.filterStatuses)) {
    const row: Record<string, string> = {};
    for (const p of profile.filter) {
      if (p.name === s.plugin) {
        row[p.name] = s.reasons.join(', ');
        break;
      }
      row[p.name] = 'passed';
    }
    filter[n] = row;
  }
  const score: Record<string, Record<string, string>> = {};
  const final: Record<string, Record<string, string>> = {};
  const t = result.scores;
  if (t) {
    t.nodes.forEach((n, i) => {
      score[n] = Object.fromEntries(t.plugins.map((p) => [p.plugin, String(p.raw[i])]));
      final[n] = Object.fromEntries(t.plugins.map((p) => [p.plugin, String(p.weighted[i])]));
    });
  }
  const out: Record<string, string> = {
    [FILTER_RESULT]: JSON.stringify(filter),
    [SCORE_RESULT]: JSON.stringify(score),
    [FINAL_SCORE_RESULT]: JSON.stringify(final),
  };
  if (result.node) out[SELECTED_NODE] = result.node;
  return out;
}
