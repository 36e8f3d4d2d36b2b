import { hpaRows, metricSeriesNames, metricSeriesValues } from './model/hpa-rows';
import { countByPhase } from './model/pod-summary';
import { nodeRows } from './model/node-rows';
import { Series } from './model/series';
import type { LiveCluster } from './live-cluster';

/** Ten minutes at one sample every two seconds. */
const CAPACITY = 300;

/**
 * What the charts draw: samples of the live caches taken on a timer from the moment the page opens, so the
 * history survives moving between views.
 */
export class ClusterHistory {
  readonly pods = new Series(['Running', 'Pending', 'Failed'], CAPACITY);
  /** Cluster CPU as millicores: requested by pods, used now, allocatable. */
  readonly cpu = new Series(['requested', 'used', 'allocatable'], CAPACITY);

  /** Per HPA (namespace/name): replicas now, wanted and at most; each metric's reading and target. */
  readonly autoscalers = new Map<string, { replicas: Series; metrics: Series }>();

  constructor(private readonly cluster: LiveCluster) {}

  start(signal: AbortSignal, everyMs = 2000): void {
    this.sample();
    const timer = setInterval(() => this.sample(), everyMs);
    signal.addEventListener('abort', () => clearInterval(timer));
  }

  /** One sample of every series, at cluster time (a fast clock's minutes are a minute apart on the charts). */
  sample(now = this.cluster.now()): void {
    // a paused page (hidden tab) has no news: no points rather than stale ones
    if (!this.cluster.synced() || this.cluster.paused) return;
    const pods = this.cluster.pods.indexer.list();
    const phases = countByPhase(pods);
    this.pods.push(now, [phases.Running, phases.Pending, phases.Failed]);
    const rows = nodeRows(this.cluster.nodes.indexer.list(), pods, this.cluster.nodeUsage);
    const sum = (f: (r: (typeof rows)[number]) => number | undefined) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
    const used = rows.some((r) => r.cpu.used !== undefined) ? sum((r) => r.cpu.used) : null;
    this.cpu.push(now, [sum((r) => r.cpu.requested), used, sum((r) => r.cpu.allocatable)]);
    this.sampleAutoscalers(now);
  }

  private sampleAutoscalers(now: number): void {
    const rows = hpaRows(this.cluster.autoscalers.indexer.list());
    const seen = new Set(rows.map((r) => r.key));
    for (const key of this.autoscalers.keys()) if (!seen.has(key)) this.autoscalers.delete(key);
    for (const row of rows) {
      const names = metricSeriesNames(row);
      let h = this.autoscalers.get(row.key);
      if (!h) this.autoscalers.set(row.key, (h = { replicas: new Series(['current', 'desired', 'max'], CAPACITY), metrics: new Series(names, CAPACITY) }));
      // a changed list of metrics starts its chart again
      if (h.metrics.names.join('\n') !== names.join('\n')) h.metrics = new Series(names, CAPACITY);
      h.replicas.push(now, [row.current, row.desired, row.max]);
      h.metrics.push(now, metricSeriesValues(row));
    }
  }
}
