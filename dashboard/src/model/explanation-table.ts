import { FILTER_RESULT, FINAL_SCORE_RESULT, SCORE_RESULT, SELECTED_NODE } from '../../../shared/scheduler/explain';
/**
 * A SchedulingExplanation's status (kubeflare.dev/v1alpha1, see docs/scheduler.md) turned into the filter and
 * score tables the pod view draws: one row per node, one column per plugin.
 */
export interface ExplanationStatus {
  schedulerName?: string;
  selectedNode?: string | null;
  message?: string;
  evaluatedNodes?: number;
  feasibleNodes?: number;
  /** node → plugin → "passed" or the plugin's reason. */
  filter?: Record<string, Record<string, string>>;
  /** node → plugin → raw score. */
  scores?: Record<string, Record<string, number>>;
  /** node → plugin → normalized score × weight. */
  finalScores?: Record<string, Record<string, number>>;
  preemption?: { nominatedNodeName: string; victims: string[] };
}

export const PASSED = 'passed';

export interface FilterRow {
  node: string;
  /** One cell per plugin column; '' where the plugin did not run on this node (an earlier one failed). */
  cells: string[];
  /** The first plugin that rejected the node, if any. */
  failedBy?: string;
  selected: boolean;
}

export interface ScoreRow {
  node: string;
  cells: (number | undefined)[];
  total: number;
  selected: boolean;
}

export interface ExplanationTable {
  filterPlugins: string[];
  filterRows: FilterRow[];
  scorePlugins: string[];
  scoreRows: ScoreRow[];
  /** Plugins that rejected at least one node, with how many, most first. */
  failures: { plugin: string; nodes: number }[];
}

/** Plugin names in the order they first appear (the scheduler reports them in framework order). */
function columns(byNode: Record<string, Record<string, unknown>> | undefined): string[] {
  const seen = new Set<string>();
  for (const plugins of Object.values(byNode ?? {})) for (const p of Object.keys(plugins)) seen.add(p);
  return [...seen];
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export function explanationTable(status: ExplanationStatus): ExplanationTable {
  const selected = status.selectedNode ?? undefined;
  const filterPlugins = columns(status.filter);
  const filterRows = Object.keys(status.filter ?? {})
    .sort(byName)
    .map((node): FilterRow => {
      const results = status.filter![node]!;
      const failedBy = filterPlugins.find((p) => results[p] !== undefined && results[p] !== PASSED);
      return { node, cells: filterPlugins.map((p) => results[p] ?? ''), failedBy, selected: node === selected };
    });
  const counts = new Map<string, number>();
  for (const r of filterRows) if (r.failedBy) counts.set(r.failedBy, (counts.get(r.failedBy) ?? 0) + 1);
  const failures = [...counts.entries()].map(([plugin, nodes]) => ({ plugin, nodes })).sort((a, b) => b.nodes - a.nodes || byName(a.plugin, b.plugin));

  const scores = status.finalScores ?? status.scores ?? {};
  const scorePlugins = columns(scores);
  const scoreRows = Object.keys(scores)
    .map((node): ScoreRow => {
      const cells = scorePlugins.map((p) => scores[node]![p]);
      return { node, cells, total: cells.reduce<number>((s, v) => s + (v ?? 0), 0), selected: node === selected };
    })
    .sort((a, b) => b.total - a.total || byName(a.node, b.node));
  return { filterPlugins, filterRows, scorePlugins, scoreRows, failures };
}

/**
 * The scheduler's own record of the cycle that placed a pod, from the simulator-style annotations it writes on
 * bound pods in small clusters (docs/scheduler.md); undefined when the pod carries none or they do not parse.
 */
export function statusFromAnnotations(annotations: Record<string, string> | undefined): ExplanationStatus | undefined {
  const read = (key: string): any => {
    const v = annotations?.[key];
    if (!v) return undefined;
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  };
  const filter = read(FILTER_RESULT);
  if (!filter || typeof filter !== 'object') return undefined;
  // the simulator-style annotations carry scores as strings ("300"), the explanation as numbers
  const numbers = (byNode: unknown): Record<string, Record<string, number>> | undefined =>
    byNode && typeof byNode === 'object'
      ? Object.fromEntries(Object.entries(byNode as Record<string, Record<string, unknown>>).map(([node, plugins]) => [node, Object.fromEntries(Object.entries(plugins ?? {}).map(([p, v]) => [p, Number(v)]))]))
      : undefined;
  return { filter, scores: numbers(read(SCORE_RESULT)), finalScores: numbers(read(FINAL_SCORE_RESULT)), selectedNode: annotations?.[SELECTED_NODE] ?? null };
}
